"""Numbers: numerals to Decimal, and the MONEY, QUANTITY and DATE finders."""
