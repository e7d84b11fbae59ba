"""Offline letter translation (argos/CTranslate2), glossary explanations, language coverage.

Entry points: ``letter.translate_letter``, ``engine.default_engine``, ``packages.ModelManager``,
``coverage.coverage``, ``glossary.Glossary``. Importing this package does not import argos.
"""
