"""Names in ``app/`` that no code of ``app/`` reads, and who uses them instead. Read by
``scripts/dead_code.py``. Each entry says why the name is alive; a name that no longer needs its
reason leaves this list (the gate then shows whether it is dead).
"""

from __future__ import annotations

USED: dict[str, str] = {
    # Frameworks read these by name.
    "model_config": "Pydantic and pydantic-settings read a model's configuration",
    "type_annotation_map": "SQLAlchemy's declarative base maps Python types to column types",
    "impl": "SQLAlchemy TypeDecorator: the underlying column type",
    "cache_ok": "SQLAlchemy TypeDecorator: the type may be cached in compiled statements",
    "process_bind_param": "SQLAlchemy TypeDecorator: called when a value is sent",
    "process_result_value": "SQLAlchemy TypeDecorator: called when a value is read",
    "isolation_level": "sqlite3 reads it on the connection (None: SQLAlchemy opens transactions)",
    "handlers": "logging reads a logger's handlers",
    "exc_type": "the context-manager protocol's __exit__ arguments",
    "tb": "the context-manager protocol's __exit__ arguments",
    "app_from_env": "uvicorn's --factory entry point of `ecocredit serve` (named in app/cli.py)",
    "platform_app_from_env": "uvicorn's --factory entry point of `ecocredit platform serve`",
    # Typed dependencies, being adopted by the faces (#11 section 4).
    "DbSession": "the typed session dependency (app/web/deps.py)",
    "SettingsDep": "the typed settings dependency (app/web/deps.py)",
    "TemplatesDep": "the typed templates dependency (app/web/deps.py)",
    # Seams the tests drive, and the counterparts that tests check production code with.
    "set_now": "tests freeze the clock with it (tests/conftest.py, frozen_clock)",
    "clear_caches": "tests drop the statistics caches between scenarios (tests/statistics)",
    "run_tick": "the rules tick in one transaction, so that a test can roll it back",
    "forget_rule_book": "tests that change the stored rule sets drop the session's cached copy",
    "reveal_id": "decrypts a stored ID number: tests prove the ciphertext holds the number",
    "is_valid_uscc": "the yes/no form of validate_uscc, the identifier tests' oracle",
    "make_uscc": "makes valid credit codes: tests, factories and scripts/bench_import.py",
    "birth_date": "read from a resident ID number; the identifier tests check it",
    "definition_problems": "checks a credit scheme's definition; tests check the stored schemes",
    "record_outcome": "one delivery attempt of record_outcomes; the lost-lease test uses it",
    "is_sqlite": "Settings.is_sqlite, for scripts and the shell",
    "SHANDONG_2020": "the stored scheme's definition: tests and the seed migration's frozen copy",
    "entry_period": "DurationRule's default member: stored by the catalogue's seed migration",
    "docs_page": "the /api/docs route, registered by its decorator in install_docs_page",
    # Data kept for people reading it, not by code.
    "violated": "demo data: the provision each demo violation breaks, beside its penalty article",
    "merged_into": "region data: the district a former county was merged into",
}
