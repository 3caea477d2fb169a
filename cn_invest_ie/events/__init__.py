"""Investment events: triggers and amount roles from data, the linker, same-project merging."""
