"""Content read, validated and converted: the model and kinds, the reader, the catalogue, the glossary and includes."""
