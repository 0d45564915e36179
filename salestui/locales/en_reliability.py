"""English messages of reliability: salestui check, backups."""

MESSAGES: dict[str, str] = {
    "cli.check": "verify a database: files, references, duplicates, values, permissions",
    "cli.check_fix": "make the safe repairs (after a backup) and list what changed",
    "cli.check_format": "text (one finding per line) or json (for scripts)",
    "check.missing_ref": "{field} names {target} {value}, which is not there",
    "check.duplicate": "the same {what} ({value}) as record {first}",
    "check.due_before": "next step due {due}, before the deal was created ({created})",
    "check.paid_before": "paid before invoice {number} was issued ({issued})",
    "check.paid_total": "{stored} paid as stored, {counted} by its payments (--fix counts it again)",
    "check.overpaid": "its payments ({total}) are more than it can take (its amount, or nothing when cancelled)",
    "check.loose": "{path}: mode {mode}, others may read it (should be {want}; --fix tightens it)",
    "check.fixed_total": "invoice {number}: paid total and dates counted again from its payments",
    "check.fixed_mode": "{path}: mode set to {mode}",
    "check.backup": "Backup before the repairs: {path}",
    "check.changed": "Changed: {change}",
    "check.found": "{count} finding in {path}|{count} findings in {path}",
    "check.fixable": "{count} of them can be repaired safely: salestui check --fix|{count} of them can be repaired safely: salestui check --fix",
    "check.ok": "{path}: no problems found",
}
