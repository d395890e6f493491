"""Services: the operations screens call. Each takes the caller's Session and never commits.

They return plain frozen dataclasses, never live ORM objects, so a screen never touches the database.
"""
