"""Reading input documents and writing results."""

from cn_invest_ie.io.jsonl import InputError, InputRecord, read_inputs, write_jsonl_line

__all__ = ["InputError", "InputRecord", "read_inputs", "write_jsonl_line"]
