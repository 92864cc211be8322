"""Comments under the Standards Board Policy: counter, moderation, reports and the queue."""
