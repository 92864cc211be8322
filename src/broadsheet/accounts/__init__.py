"""Readers' accounts: social login providers, profile, data export and deletion."""
