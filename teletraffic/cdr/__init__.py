"""Call records: CDR files of telephone systems in, the traffic of a scenario fitted from them."""
