#!/usr/bin/env python3
"""Runs the steps of a composite GitHub Action (action.yml) on this machine, in order, as a
runner would: `${{ … }}` expressions substituted, `if:` conditions evaluated, each `run:`
step under `bash --noprofile --norc -eo pipefail` with GITHUB_OUTPUT, GITHUB_ACTION_PATH and
GITHUB_WORKSPACE set, step outputs read back for later steps. `uses:` steps (actions/cache)
cannot run here: they are named and skipped. An expression or field this runner does not
know is an error, so the action cannot grow something the self-test silently ignores.

    action-runner.py ACTION_YML --workspace DIR [--input NAME=VALUE]... [--outputs FILE]

Exit status: that of the first failing step, else 0. Used by scripts/action-selftest.sh.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
STEP_KEYS = {"name", "id", "if", "shell", "env", "run", "uses", "with", "working-directory"}


class ActionError(Exception):
    pass


class Context:
    def __init__(self, action, action_path, workspace, given):
        self.action_path = action_path
        self.workspace = workspace
        declared = action.get("inputs") or {}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise ActionError(f"no such input: {', '.join(unknown)} (inputs: {', '.join(declared)})")
        self.inputs = {name: str(given.get(name, (spec or {}).get("default", ""))) for name, spec in declared.items()}
        self.steps = {}

    def value(self, expr):
        """The value of one expression: a context path or a quoted literal."""
        m = re.fullmatch(r"'((?:[^']|'')*)'", expr)
        if m:
            return m.group(1).replace("''", "'")
        parts = expr.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            if parts[1] not in self.inputs:
                raise ActionError(f"`{expr}`: no such input")
            return self.inputs[parts[1]]
        if parts[0] == "github" and len(parts) == 2 and parts[1] in ("action_path", "workspace"):
            return self.action_path if parts[1] == "action_path" else self.workspace
        if parts[0] == "runner" and parts[1:] == ["os"]:
            return "Linux"
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            if parts[1] not in self.steps:
                raise ActionError(f"`{expr}`: no earlier step has id `{parts[1]}`")
            return self.steps[parts[1]].get(parts[3], "")
        raise ActionError(f"`{expr}`: this runner does not know that expression")

    def condition(self, expr):
        """`if:`: success(), always(), or `A == B` / `A != B` (GitHub compares strings case-insensitively)."""
        expr = EXPR.sub(lambda m: m.group(1), str(expr)).strip()
        if expr in ("success()", "always()"):
            return True
        m = re.fullmatch(r"(.+?)\s*(==|!=)\s*(.+)", expr)
        if not m:
            raise ActionError(f"if: `{expr}`: this runner knows success(), always(), == and !=")
        equal = self.value(m.group(1).strip()).lower() == self.value(m.group(3).strip()).lower()
        return equal if m.group(2) == "==" else not equal

    def substitute(self, text):
        return EXPR.sub(lambda m: self.value(m.group(1)), str(text))


def read_outputs(path):
    """The `name=value` and `name<<DELIMITER` lines a step wrote to GITHUB_OUTPUT."""
    outputs = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value = []
            while i < len(lines) and lines[i] != delimiter:
                value.append(lines[i])
                i += 1
            if i == len(lines):
                raise ActionError(f"GITHUB_OUTPUT: `{name}` has no closing `{delimiter}`")
            i += 1
            outputs[name] = "\n".join(value)
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
        else:
            raise ActionError(f"GITHUB_OUTPUT: `{line}` is neither name=value nor name<<DELIMITER")
    return outputs


def run(action_file, workspace, given):
    with open(action_file, encoding="utf-8") as f:
        action = yaml.safe_load(f)
    runs = action.get("runs") or {}
    if runs.get("using") != "composite":
        raise ActionError(f"runs.using is `{runs.get('using')}`; this runner runs composite actions")
    ctx = Context(action, os.path.dirname(os.path.abspath(action_file)), os.path.abspath(workspace), given)
    for number, step in enumerate(runs.get("steps") or [], 1):
        unknown = sorted(set(step) - STEP_KEYS)
        if unknown:
            raise ActionError(f"step {number}: this runner does not know {', '.join(unknown)}")
        title = step.get("name") or step.get("id") or f"step {number}"
        if not ctx.condition(step.get("if", "success()")):
            print(f"--- {title}: skipped (if: {step['if']})", flush=True)
            continue
        if "uses" in step:
            # Its inputs are still evaluated, so a wrong expression in them fails here too.
            given = ", ".join(f"{k}={ctx.substitute(v)}" for k, v in (step.get("with") or {}).items())
            print(f"--- {title}: skipped (uses: {step['uses']} does not run locally; with {given})", flush=True)
            continue
        if step.get("shell") != "bash":
            raise ActionError(f"step {number} ({title}): shell is `{step.get('shell')}`; composite run steps here use bash")
        print(f"--- {title}", flush=True)
        env = dict(os.environ)
        env.update({k: ctx.substitute(v) for k, v in (step.get("env") or {}).items()})
        with tempfile.TemporaryDirectory(prefix="action-step-") as tmp:
            output_file = os.path.join(tmp, "output")
            open(output_file, "w").close()
            script = os.path.join(tmp, "step.sh")
            with open(script, "w", encoding="utf-8") as f:
                f.write(ctx.substitute(step["run"]))
            env.update(GITHUB_OUTPUT=output_file, GITHUB_ACTION_PATH=ctx.action_path, GITHUB_WORKSPACE=ctx.workspace,
                       GITHUB_ACTIONS="true", RUNNER_OS="Linux", RUNNER_TEMP=tmp)
            cwd = os.path.join(ctx.workspace, ctx.substitute(step.get("working-directory", ".")))
            status = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=cwd, env=env).returncode
            if "id" in step:
                ctx.steps[step["id"]] = read_outputs(output_file)
        if status != 0:
            print(f"--- {title}: failed (exit {status})", flush=True)
            return status, {}
    outputs = {name: ctx.substitute((spec or {}).get("value", "")) for name, spec in (action.get("outputs") or {}).items()}
    return 0, outputs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action")
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--input", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--outputs", help="write the action's outputs here as JSON")
    a = parser.parse_args()
    given = {}
    for item in a.input:
        name, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--input {item}: NAME=VALUE")
        given[name] = value
    try:
        status, outputs = run(a.action, a.workspace, given)
    except ActionError as e:
        print(f"action-runner: {a.action}: {e}", file=sys.stderr)
        return 2
    if a.outputs and status == 0:
        with open(a.outputs, "w", encoding="utf-8") as f:
            json.dump(outputs, f, indent=2, sort_keys=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
