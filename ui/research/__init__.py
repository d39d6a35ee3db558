"""Finding across the library: filters, saved searches, keyword in context, search hits."""
