"""Test calls: call logs in the playbook's audits/ folder, checked against what the playbook said on the day."""
