"""Synthetic newsroom data at scale: articles (and, through a hook, comments) written in bulk.

`generate_newsroom` (the management command) calls `articles.generate_articles`, then every
`broadsheet_generate_data` hook (talk adds comments). Nothing here is used by reader pages.
"""
