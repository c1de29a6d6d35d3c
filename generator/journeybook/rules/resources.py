"""Does the person sent to help have what they need? (missing-tool)"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Related, Severity
from .base import RuleContext, rule


@rule("missing-tool", Severity.WARNING, "a step uses a tool its department does not have")
def missing_tool(ctx: RuleContext) -> Iterator[Finding]:
    """Why: the person sent to help must be able to do it. A step that tells
    Parts to "check the diagnosis in the CRM" when Parts has no CRM access
    ends in a call back to the customer.

    Bad:
    ```yaml
    # org.yaml: parts has tools: [warehouse]
    - id: ship-part
      department: parts
      tools: [crm]
    ```

    Good:
    ```yaml
    # org.yaml: parts has tools: [warehouse, crm]
    - id: ship-part
      department: parts
      tools: [crm]
    ```

    Fix: give the department the tool in org.yaml, or move the work to a department that has it.
    """
    book = ctx.playbook
    for journey in book.journeys.values():
        for step in journey.steps:
            department = book.departments.get(step.department or "")
            if department is None:
                continue  # unknown-reference or owner-missing reports it
            for position, tool_id in enumerate(step.tools):
                if tool_id in book.tools and tool_id not in department.tools:
                    yield Finding(
                        "missing-tool",
                        f'step "{step.id}" uses {book.tools[tool_id].name} ({tool_id}), but {department.name} '
                        f"does not have it: add {tool_id} to the tools of {department.id} in org.yaml, "
                        "or give this work to a department that has it",
                        step.src.loc("tools", position),
                        related=(Related(department.src.loc("tools"), f"{department.name}'s tools"),),
                        scope=("journey", journey.id),
                    )
