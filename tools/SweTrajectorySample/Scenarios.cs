namespace Tournament.Tools.SweTrajectorySample;

/// <summary>One agent step: the THOUGHT, its single bash command, and what the environment printed.</summary>
internal sealed record Step(string Thought, string Command, int ReturnCode, string Output);

/// <summary>A repository the trajectories are set in (package name and the module the bug lives in).</summary>
internal sealed record Repo(string Name, string Package, string Module, string Noun);

/// <summary>A bug-fixing task: the PR description and the steps that solve it.</summary>
internal sealed record Scenario(string InstanceId, string Repo, string Description, IReadOnlyList<Step> Steps);

/// <summary>Six kinds of small bug, each written once and set in every repository (all text written for this project).</summary>
internal static class Scenarios
{
    public static readonly Repo[] Repos =
    [
        new("pallets/click", "click", "click/formatting.py", "help_text"),
        new("psf/requests", "requests", "requests/utils.py", "header"),
        new("marshmallow-code/marshmallow", "marshmallow", "src/marshmallow/utils.py", "field_name"),
        new("python-attrs/attrs", "attr", "src/attr/_funcs.py", "attribute"),
        new("pytest-dev/pluggy", "pluggy", "src/pluggy/_hooks.py", "hook_name"),
        new("tox-dev/filelock", "filelock", "src/filelock/_util.py", "lock_path"),
        new("jazzband/tablib", "tablib", "src/tablib/formats/_csv.py", "row"),
        new("encode/httpx", "httpx", "httpx/_utils.py", "url_part"),
    ];

    public static IEnumerable<Scenario> All()
    {
        var kinds = new Func<Repo, int, Scenario>[] { OffByOne, MissingNone, MutableDefault, WrongOperator, Encoding, LeakedHandle };
        for (var k = 0; k < kinds.Length; k++)
        {
            for (var r = 0; r < Repos.Length; r++)
            {
                yield return kinds[k](Repos[r], 1000 + (k * 97) + (r * 13));
            }
        }
    }

    private static string Id(Repo repo, int number) => repo.Name.Replace("/", "__", StringComparison.Ordinal) + "-" + number;

    private static Step Explore(Repo repo, string func) => new(
        $"I need to find where `{func}` is defined in the {repo.Package} code base before I can reason about the bug. A recursive grep over the source tree is the quickest way.",
        $"grep -rn \"def {func}\" --include=*.py .",
        0,
        $"./{repo.Module}:{41 + func.Length}:def {func}(");

    private static Step Submit() => new(
        "The fix is in place, the reproduction script now prints the expected result and the existing tests pass. I will submit my changes.",
        "echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached",
        0,
        "COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT");

    private static Scenario OffByOne(Repo repo, int number)
    {
        var func = $"shorten_{repo.Noun}";
        var line = 41 + func.Length;
        return new(Id(repo, number), repo.Name,
            $"`{repo.Package}` `{func}(text, width)` returns one character fewer than `width` when the text is longer than `width`: `{func}('abcdefghij', 6)` gives `'ab...'` (5 characters) instead of `'abc...'`. The documented result is the first `width - 3` characters followed by `...`.",
            [
                Explore(repo, func),
                new($"The function starts at line {line}. Let me read it together with a few lines of context to see how the slice is computed.",
                    $"sed -n '{line},{line + 12}p' {repo.Module}", 0,
                    $"def {func}(text, width):\n    \"\"\"Return text cut to at most width characters, ending in '...'.\"\"\"\n    if len(text) <= width:\n        return text\n    keep = width - 4\n    return text[:keep] + \"...\"\n"),
                new("The ellipsis is three characters long, but the code keeps `width - 4` characters, so the result is one short. Before changing anything I will reproduce the problem.",
                    $"python -c \"from {repo.Package}.{Path.GetFileNameWithoutExtension(repo.Module)} import {func}; r = {func}('abcdefghij', 6); print(repr(r), len(r))\"", 0,
                    "'ab...' 5"),
                new("Reproduced: length 5 instead of 6. The fix is to keep `width - 3` characters. I will change that single line with sed.",
                    $"sed -i 's/    keep = width - 4/    keep = width - 3/' {repo.Module}", 0, ""),
                new("Now I rerun the reproduction to confirm that the result has exactly `width` characters.",
                    $"python -c \"from {repo.Package}.{Path.GetFileNameWithoutExtension(repo.Module)} import {func}; r = {func}('abcdefghij', 6); print(repr(r), len(r))\"", 0,
                    "'abc...' 6"),
                new("The output is correct. I should also check an edge case: a width smaller than the ellipsis must not produce a negative slice that keeps characters from the end.",
                    $"python -c \"from {repo.Package}.{Path.GetFileNameWithoutExtension(repo.Module)} import {func}; print(repr({func}('abcdefghij', 2)))\"", 0,
                    "'abcdefg...'"),
                new("With width 2, `keep` is -1 and the slice keeps almost everything, which is wrong. I will clamp `keep` at zero.",
                    $"sed -i 's/    keep = width - 3/    keep = max(width - 3, 0)/' {repo.Module} && sed -n '{line},{line + 6}p' {repo.Module}", 0,
                    $"def {func}(text, width):\n    \"\"\"Return text cut to at most width characters, ending in '...'.\"\"\"\n    if len(text) <= width:\n        return text\n    keep = max(width - 3, 0)\n    return text[:keep] + \"...\""),
                new("Let me run the tests that touch this module to make sure nothing else depended on the old behaviour.",
                    $"python -m pytest -q tests -k {repo.Noun} 2>&1 | tail -3", 0,
                    "........................                                   [100%]\n24 passed in 0.41s"),
                Submit(),
            ]);
    }

    private static Scenario MissingNone(Repo repo, int number)
    {
        var func = $"normalize_{repo.Noun}";
        var mod = Path.GetFileNameWithoutExtension(repo.Module);
        return new(Id(repo, number), repo.Name,
            $"Calling `{repo.Package}.{mod}.{func}(None)` raises `AttributeError: 'NoneType' object has no attribute 'strip'`. The documentation says that `None` is accepted and returned unchanged.",
            [
                new($"Let me first locate `{func}` and see the surrounding code.",
                    $"grep -n \"{func}\" -A 10 {repo.Module}", 0,
                    $"57:def {func}(value):\n58-    \"\"\"Strip and lower-case a {repo.Noun.Replace('_', ' ')}; None is returned unchanged.\"\"\"\n59-    value = value.strip()\n60-    return value.lower()\n61-\n62-\n63-def _split(value, sep=','):"),
                new("The function calls `.strip()` unconditionally, so `None` fails. I will reproduce the error to be sure it is this code path.",
                    $"python -c \"from {repo.Package}.{mod} import {func}; print({func}(None))\"", 1,
                    $"Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\n  File \"/testbed/{repo.Module}\", line 59, in {func}\n    value = value.strip()\nAttributeError: 'NoneType' object has no attribute 'strip'"),
                new("Confirmed. I will add an early return for `None` right after the docstring (line 58) using sed's append command.",
                    $"sed -i '58a\\    if value is None:\\n        return None' {repo.Module} && sed -n '57,62p' {repo.Module}", 0,
                    $"def {func}(value):\n    \"\"\"Strip and lower-case a {repo.Noun.Replace('_', ' ')}; None is returned unchanged.\"\"\"\n    if value is None:\n        return None\n    value = value.strip()\n    return value.lower()"),
                new("The guard is in place. Now the reproduction should print None, and a normal value must still be normalised.",
                    $"python -c \"from {repo.Package}.{mod} import {func}; print({func}(None), repr({func}('  MiXed ')))\"", 0,
                    "None 'mixed'"),
                new("Both cases behave as documented. Let me look for callers that might have worked around the bug, so I do not leave dead code behind.",
                    $"grep -rn \"{func}(\" --include=*.py src tests {repo.Package} 2>/dev/null | grep -v \"def {func}\"", 0,
                    $"./{repo.Module}:112:    key = {func}(raw) if raw is not None else None\ntests/test_{mod}.py:33:    assert {func}(' A ') == 'a'"),
                new("Line 112 has a workaround that is now redundant. Simplifying it keeps the change coherent.",
                    $"sed -i '112s/{func}(raw) if raw is not None else None/{func}(raw)/' {repo.Module} && sed -n '112p' {repo.Module}", 0,
                    $"    key = {func}(raw)"),
                new("Finally I run the module's tests.",
                    $"python -m pytest -q tests/test_{mod}.py 2>&1 | tail -2", 0,
                    "17 passed in 0.22s"),
                Submit(),
            ]);
    }

    private static Scenario MutableDefault(Repo repo, int number)
    {
        var func = $"collect_{repo.Noun}s";
        var mod = Path.GetFileNameWithoutExtension(repo.Module);
        return new(Id(repo, number), repo.Name,
            $"`{func}()` remembers values between calls: calling `{func}(['a'])` and then `{func}(['b'])` returns `['a', 'b']` the second time instead of `['b']`.",
            [
                Explore(repo, func),
                new("Let me print the function to check its signature; state shared across calls is very often a mutable default argument.",
                    $"awk '/def {func}/,/return/' {repo.Module}", 0,
                    $"def {func}(items, seen=[]):\n    for item in items:\n        if item not in seen:\n            seen.append(item)\n    return seen"),
                new("As suspected, `seen=[]` is evaluated once at definition time, so the list is shared. I will reproduce the behaviour first.",
                    $"python -c \"from {repo.Package}.{mod} import {func}; print({func}(['a'])); print({func}(['b']))\"", 0,
                    "['a']\n['a', 'b']"),
                new("Reproduced. The standard fix is a `None` default and a fresh list inside the function. I will rewrite the signature and add the initialisation with a small Python script, which is safer than a multi-line sed.",
                    $"python - <<'PY'\nimport re, pathlib\np = pathlib.Path('{repo.Module}')\ns = p.read_text()\ns = s.replace('def {func}(items, seen=[]):\\n', 'def {func}(items, seen=None):\\n    if seen is None:\\n        seen = []\\n', 1)\np.write_text(s)\nPY", 0, ""),
                new("Let me view the result to make sure the indentation is right.",
                    $"awk '/def {func}/,/return/' {repo.Module}", 0,
                    $"def {func}(items, seen=None):\n    if seen is None:\n        seen = []\n    for item in items:\n        if item not in seen:\n            seen.append(item)\n    return seen"),
                new("The code looks correct. Rerunning the reproduction should now give independent results.",
                    $"python -c \"from {repo.Package}.{mod} import {func}; print({func}(['a'])); print({func}(['b']))\"", 0,
                    "['a']\n['b']"),
                new("Fixed. I will run the full test suite quickly, limited to failures, to be sure nothing relied on the shared list.",
                    "python -m pytest -q -x 2>&1 | tail -2", 0,
                    "312 passed, 4 skipped in 6.81s"),
                Submit(),
            ]);
    }

    private static Scenario WrongOperator(Repo repo, int number)
    {
        var func = $"is_valid_{repo.Noun}";
        var mod = Path.GetFileNameWithoutExtension(repo.Module);
        return new(Id(repo, number), repo.Name,
            $"`{func}` rejects values whose length is exactly `MAX_LENGTH` (255), although the documentation says lengths up to and including 255 are valid.",
            [
                new($"I will search for `MAX_LENGTH` and `{func}` in the module to see how the bound is applied.",
                    $"grep -n \"MAX_LENGTH\\|def {func}\" {repo.Module}", 0,
                    $"12:MAX_LENGTH = 255\n88:def {func}(value):\n90:    return 0 < len(value) < MAX_LENGTH"),
                new("Line 90 uses a strict `<`, which excludes 255 itself. Let me confirm with a quick check at the boundary.",
                    $"python -c \"from {repo.Package}.{mod} import {func}; print({func}('x' * 254), {func}('x' * 255), {func}('x' * 256))\"", 0,
                    "True False False"),
                new("The boundary value is rejected, matching the report. Changing `<` to `<=` for the upper bound fixes it while keeping the empty string invalid.",
                    $"sed -i '90s/< MAX_LENGTH/<= MAX_LENGTH/' {repo.Module} && sed -n '88,90p' {repo.Module}", 0,
                    $"def {func}(value):\n    \"\"\"True when value has between 1 and MAX_LENGTH characters.\"\"\"\n    return 0 < len(value) <= MAX_LENGTH"),
                new("Now the same boundary check should print True True False.",
                    $"python -c \"from {repo.Package}.{mod} import {func}; print({func}('x' * 254), {func}('x' * 255), {func}('x' * 256))\"", 0,
                    "True True False"),
                new("Correct. I will add a regression test next to the existing ones so the boundary stays covered.",
                    $"cat >> tests/test_{mod}.py <<'EOF'\n\n\ndef test_{func}_accepts_max_length():\n    from {repo.Package}.{mod} import MAX_LENGTH, {func}\n    assert {func}('x' * MAX_LENGTH)\n    assert not {func}('x' * (MAX_LENGTH + 1))\nEOF", 0, ""),
                new("Let me run that test file.",
                    $"python -m pytest -q tests/test_{mod}.py 2>&1 | tail -2", 0,
                    "21 passed in 0.19s"),
                Submit(),
            ]);
    }

    private static Scenario Encoding(Repo repo, int number)
    {
        var func = $"read_{repo.Noun}_file";
        var mod = Path.GetFileNameWithoutExtension(repo.Module);
        return new(Id(repo, number), repo.Name,
            $"On Windows, `{func}(path)` fails with `UnicodeDecodeError` for UTF-8 files containing non-ASCII characters such as `café`. The function should always read UTF-8.",
            [
                Explore(repo, func),
                new("Let me see how the file is opened.",
                    $"grep -n \"open(\" {repo.Module}", 0,
                    "131:    with open(path) as handle:\n167:    with open(target, 'w', encoding='utf-8') as out:"),
                new("Line 131 opens the file without an encoding, so Python uses the locale's default (cp1252 on many Windows machines). I can reproduce that on Linux by forcing a non-UTF-8 locale encoding.",
                    $"printf 'caf\\xc3\\xa9\\n' > /tmp/sample.txt && PYTHONIOENCODING=utf-8 LANG=C python -X utf8=0 -c \"import locale; print(locale.getpreferredencoding(False)); from {repo.Package}.{mod} import {func}; print({func}('/tmp/sample.txt'))\"", 1,
                    "ANSI_X3.4-1968\nTraceback (most recent call last):\n  ...\nUnicodeDecodeError: 'ascii' codec can't decode byte 0xc3 in position 3: ordinal not in range(128)"),
                new("Reproduced with the ASCII locale. The fix is to pass `encoding='utf-8'` explicitly, as line 167 already does for writing.",
                    $"sed -i \"131s/open(path)/open(path, encoding='utf-8')/\" {repo.Module} && sed -n '131p' {repo.Module}", 0,
                    "    with open(path, encoding='utf-8') as handle:"),
                new("Let me rerun the reproduction with the same locale.",
                    $"LANG=C python -X utf8=0 -c \"from {repo.Package}.{mod} import {func}; print({func}('/tmp/sample.txt'))\"", 0,
                    "['café']"),
                new("It works. Other `open(` calls in the package might have the same problem; a quick search shows whether this fix is complete.",
                    $"grep -rn \"open(\" --include=*.py {Path.GetDirectoryName(repo.Module)!.Replace('\\', '/')} | grep -v encoding | grep -v \"'rb'\\|'wb'\"", 1, ""),
                new("No other text-mode `open` call lacks an encoding. I will run the tests for this module.",
                    $"python -m pytest -q tests -k {mod} 2>&1 | tail -2", 0,
                    "9 passed in 0.12s"),
                Submit(),
            ]);
    }

    private static Scenario LeakedHandle(Repo repo, int number)
    {
        var func = $"load_{repo.Noun}_config";
        var mod = Path.GetFileNameWithoutExtension(repo.Module);
        return new(Id(repo, number), repo.Name,
            $"Running the test suite with `-W error::ResourceWarning` fails in `{func}`: `ResourceWarning: unclosed file <_io.TextIOWrapper name='setup.cfg'>`.",
            [
                new($"I should look at `{func}` to find the file that is opened and never closed.",
                    $"grep -n \"def {func}\" -A 8 {repo.Module}", 0,
                    $"201:def {func}(path='setup.cfg'):\n202-    parser = configparser.ConfigParser()\n203-    parser.read_file(open(path))\n204-    section = parser['{repo.Package}'] if parser.has_section('{repo.Package}') else {{}}\n205-    return dict(section)"),
                new("`open(path)` on line 203 is passed straight to `read_file` and never closed. I will reproduce the warning first.",
                    $"cd /tmp && printf '[{repo.Package}]\\nkey = 1\\n' > setup.cfg && python -W error::ResourceWarning -X dev -c \"import gc; from {repo.Package}.{mod} import {func}; print({func}()); gc.collect()\" 2>&1 | tail -2", 0,
                    "{'key': '1'}\nException ignored in: <_io.FileIO name='setup.cfg' mode='rb' closefd=True>\nResourceWarning: unclosed file <_io.TextIOWrapper name='setup.cfg' mode='r' encoding='UTF-8'>"),
                new("The warning appears. I will wrap the read in a `with` block so the file is closed deterministically.",
                    $"python - <<'PY'\nimport pathlib\np = pathlib.Path('{repo.Module}')\ns = p.read_text()\nold = \"    parser.read_file(open(path))\\n\"\nnew = \"    with open(path, encoding='utf-8') as handle:\\n        parser.read_file(handle)\\n\"\nassert s.count(old) == 1\np.write_text(s.replace(old, new))\nPY", 0, ""),
                new("Let me check the edited function.",
                    $"sed -n '201,207p' {repo.Module}", 0,
                    $"def {func}(path='setup.cfg'):\n    parser = configparser.ConfigParser()\n    with open(path, encoding='utf-8') as handle:\n        parser.read_file(handle)\n    section = parser['{repo.Package}'] if parser.has_section('{repo.Package}') else {{}}\n    return dict(section)"),
                new("Now the same reproduction should print the dictionary without any warning.",
                    $"cd /tmp && python -W error::ResourceWarning -X dev -c \"import gc; from {repo.Package}.{mod} import {func}; print({func}()); gc.collect()\" 2>&1 | tail -2", 0,
                    "{'key': '1'}"),
                new("No warning any more. Running the tests with the warning turned into an error confirms the original report is resolved.",
                    "python -m pytest -q -W error::ResourceWarning 2>&1 | tail -2", 0,
                    "288 passed, 2 skipped in 5.02s"),
                Submit(),
            ]);
    }
}
