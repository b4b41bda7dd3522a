#!/usr/bin/env python3
"""Records how the reference CloudFormation-compatible YAML reader reads each test document.

The reference is cfn-lint's loader, `cfnlint.decode.cfn_yaml` (PyYAML with CloudFormation's short-form tags and
duplicate keys refused), which reads YAML 1.1 as CloudFormation does. For every YAML fixture, bundled example,
SAM translator corpus input (`../shared/corpus/sam-translator/input`, when present) and generated variant of the
flow-collection shapes CloudFormation accepts (indentation shifted left and right, line breaks moved, brackets
removed or doubled), it writes whether the reader accepts the document and, if so, a hash of the value it reads,
to `test/fixtures/yaml-reference.json`. `test/parse/yaml-reference.test.ts` compares our reading with it, with no
Python at run time.

    python3 scripts/yaml-reference.py        # needs PyYAML 6 and cfn-lint (pip install cfn-lint)

One deliberate difference from cfn-lint: a date or timestamp (`2012-10-17`) is recorded as the text written,
which is what CloudFormation passes on, instead of a Python date object.
"""

import hashlib
import json
import math
import os
import sys

from cfnlint.decode import cfn_yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "sam-translator", "input")
OUT = os.path.join(ROOT, "test", "fixtures", "yaml-reference.json")


class Loader(cfn_yaml.CfnFullLoader):
    pass


Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def read(text):
    loader = Loader(text, "template")
    loader.add_multi_constructor("!", cfn_yaml.multi_constructor)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def number(v):
    """The same text for a number as `canonicalNumber` in the test."""
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        if v.is_integer() and abs(v) < 2**53:
            return str(int(v))
        return repr(v)
    return str(v) if abs(v) < 2**53 else repr(float(v))


def canonical(v):
    """A canonical JSON-like text of a value: keys sorted, numbers as `number` writes them."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return "#" + number(v)
    if isinstance(v, str):
        return json.dumps(str(v), ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ",".join(canonical(x) for x in v) + "]"
    if isinstance(v, dict):
        items = sorted((key_text(k), canonical(x)) for k, x in v.items())
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + x for k, x in items) + "}"
    return json.dumps(str(v), ensure_ascii=False)


def key_text(k):
    if isinstance(k, bool):
        return "true" if k else "false"
    if isinstance(k, (int, float)):
        return number(k)
    return str(k)


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry(name, text, inline):
    e = {"name": name, "sha256": sha(text)}
    if inline:
        e["text"] = text
    try:
        value = read(text)
        e["accepted"] = True
        e["value"] = sha(canonical(value))[:24]
    except cfn_yaml.CfnParseError as exc:
        e["accepted"] = False
        e["lines"] = sorted({m.linenumber for m in exc.matches})
        e["reason"] = exc.matches[0].message
    except Exception as exc:  # yaml.MarkedYAMLError and friends
        e["accepted"] = False
        lines = set()
        for mark in (getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)):
            if mark is not None:
                lines.add(mark.line + 1)
        e["lines"] = sorted(lines)
        e["reason"] = " ".join(str(exc).split())[:300]
    return e


# Shapes CloudFormation accepts and a strict YAML 1.2 reader refuses: flow collections whose lines sit at or left
# of their parent key. `<<` marks the lines inside the flow collection (the opener line excluded), which the
# variants shift.
SEEDS = {
    "custom-statements": """AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ResourcePolicy:
          CustomStatements: [{
<<            "Effect": "Allow",
<<            "Principal": "*",
<<            "Action": "execute-api:Invoke",
<<            "Resource": "execute-api:/*/*/*"
<<          }]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      CodeUri: s3://bucket/key
      Events:
        Get:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /
            Method: get
""",
    "policies-sequence": """Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: exports.handler = async () => 1
      Policies: [
<<        "AWSLambdaBasicExecutionRole",
<<        { "Version": "2012-10-17",
<<          "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject",
<<                           "Resource": !Sub "arn:${AWS::Partition}:s3:::my-bucket/*" } ] }
<<      ]
      Timeout: 30
  Queue:
    Type: AWS::SQS::Queue
""",
    "event-properties-map": """Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Events:
        Api:
          Type: Api
          Properties: {
<<            Path: /orders,
<<            Method: post
<<          }
      Environment:
        Variables: { TABLE: !Ref Table,
<<          MODE: "on" }
  Table:
    Type: AWS::DynamoDB::Table
""",
    "role-statement": """Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: [
<<              lambda.amazonaws.com
<<            ] }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: send
          PolicyDocument:
            Statement: [{ Effect: Allow, Action: "sqs:SendMessage",
<<              Resource: !GetAtt Queue.Arn }]
  Queue:
    Type: AWS::SQS::Queue
""",
}


def seed_lines(seed):
    return [(line[2:], True) if line.startswith("<<") else (line, False) for line in seed.split("\n")]


def shifted(seed, delta):
    out = []
    for line, inner in seed_lines(seed):
        if inner:
            indent = len(line) - len(line.lstrip(" "))
            line = " " * max(0, indent + delta) + line.lstrip(" ")
        out.append(line)
    return "\n".join(out)


def joined(seed):
    """The flow collection on one line with its opener."""
    out = []
    for line, inner in seed_lines(seed):
        if inner and out:
            out[-1] = out[-1] + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def broken_after_commas(seed, indent):
    """Each inner line broken after every comma, the continuations at `indent`."""
    out = []
    for line, inner in seed_lines(seed):
        if inner:
            parts = line.strip().split(", ")
            out.append(",\n".join(" " * indent + p for p in parts))
        else:
            out.append(line)
    return "\n".join(out)


def variants():
    for name, seed in SEEDS.items():
        texts = {}
        for delta in (-12, -8, -6, -4, -2, 0, 2, 4):
            texts[f"shift{delta:+d}"] = shifted(seed, delta)
        texts["one-line"] = joined(seed)
        for indent in (0, 2, 6, 14):
            texts[f"commas-at-{indent}"] = broken_after_commas(seed, indent)
        for label, text in list(texts.items()):
            yield f"{name}/{label}", text
            # Broken: the last closing bracket of the document removed; a bracket doubled; the opener line cut.
            for bracket in ("]", "}"):
                k = text.rfind(bracket)
                if k >= 0:
                    yield f"{name}/{label}/no-last-{bracket}", text[:k] + text[k + 1:]
            k = text.find("}")
            if k >= 0:
                yield f"{name}/{label}/extra-bracket", text[:k] + "]" + text[k:]


def files(directory, recurse):
    out = []
    for dirpath, dirs, names in os.walk(directory):
        dirs.sort()
        for n in sorted(names):
            if n.endswith((".yaml", ".yml")):
                out.append(os.path.join(dirpath, n))
        if not recurse:
            break
    return out


def main():
    docs = []
    for path in files(os.path.join(ROOT, "test", "fixtures", "templates"), True) + files(os.path.join(ROOT, "examples"), True):
        with open(path, encoding="utf-8", newline="") as f:
            docs.append(entry(os.path.relpath(path, ROOT).replace(os.sep, "/"), f.read(), False))
    if os.path.isdir(CORPUS):
        for path in files(CORPUS, False):
            with open(path, encoding="utf-8", newline="") as f:
                docs.append(entry("corpus:" + os.path.basename(path), f.read(), False))
    else:
        print(f"no corpus at {CORPUS}: recorded without it", file=sys.stderr)
    seen = set()
    for name, text in variants():
        if name in seen:
            continue
        seen.add(name)
        docs.append(entry("variant:" + name, text, True))
    import yaml
    from importlib.metadata import version

    result = {
        "reference": f"cfnlint.decode.cfn_yaml (cfn-lint {version('cfn-lint')}, PyYAML {yaml.__version__})",
        "regenerate": "python3 scripts/yaml-reference.py",
        "documents": docs,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
        f.write("\n")
    accepted = sum(1 for d in docs if d["accepted"])
    print(f"{len(docs)} documents: {accepted} accepted, {len(docs) - accepted} refused -> {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
