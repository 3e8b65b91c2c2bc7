"""The inputs stage: a project's YAML files and template -> one validated Document and Template.

load reads YAML strictly into located nodes; spec checks them against kinds that
also give the JSON Schema; model declares every input field once; template does
the same for page templates; sources holds the exact bytes that went in.
"""
