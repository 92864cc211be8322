"""Home, sections and articles: the page tree, feeds, sitemaps, search, print and import."""
