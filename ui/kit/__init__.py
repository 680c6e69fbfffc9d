"""The shared kit every feature builds on, importing no feature.

The context and change bus, the task runner, forms and field errors, messages, table models, paper
preview, list export, supervisor authorisation, the unit panel, and the registries of pages, tiles
and search providers that the modules fill and the shell shows.
"""
