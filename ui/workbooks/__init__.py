"""Workbooks in and out, Qt-free, shared by the command line and the pages.

Reading and importing sheets, the arrears table, the problems report beside an imported file.
"""
