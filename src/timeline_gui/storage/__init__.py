"""Reading bulletins and taxonomies from files: the readers, the cache and the packaged copy."""
