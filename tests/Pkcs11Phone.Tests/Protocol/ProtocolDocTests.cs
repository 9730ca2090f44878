using NUnit.Framework;
using System.Text;
using Pkcs11Phone.Protocol;

namespace Pkcs11Phone.Tests.Protocol;

/// <summary>docs/protocol.md documents exactly the rows of AtCommands.All: a change to one without the other fails here.</summary>
public sealed class ProtocolDocTests
{
    private static readonly string[] Header = ["command", "forms", "scope", "set syntax", "response", "summary"];

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pkcs11Phone.sln"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, "Pkcs11Phone.sln not found above " + TestContext.CurrentContext.TestDirectory);
        return dir!.FullName;
    }

    /// <summary>Splits a Markdown table row into its cells; "\|" is a literal bar.</summary>
    private static List<string> Cells(string row)
    {
        var t = row.Trim();
        Assert.That(t, Does.StartWith("|").And.EndWith("|"), "a table row starts and ends with '|': " + row);
        var cells = new List<string>();
        var cell = new StringBuilder();
        for (int i = 1; i < t.Length; i++)
        {
            if (t[i] == '\\' && i + 1 < t.Length && t[i + 1] == '|') { cell.Append('|'); i++; }
            else if (t[i] == '|') { cells.Add(cell.ToString().Trim()); cell.Clear(); }
            else cell.Append(t[i]);
        }
        return cells;
    }

    /// <summary>The table's rows, after its header and delimiter row.</summary>
    private static List<List<string>> CommandTable()
    {
        var path = Path.Combine(RepoRoot(), "docs", "protocol.md");
        Assert.That(File.Exists(path), Is.True, path);
        var lines = File.ReadAllLines(path);
        var headers = lines.Select((l, i) => (l, i)).Where(x => x.l.TrimStart().StartsWith("| command |", StringComparison.Ordinal)).ToList();
        Assert.That(headers, Has.Count.EqualTo(1), "exactly one command table in docs/protocol.md");
        int at = headers[0].i;
        Assert.That(Cells(lines[at]), Is.EqualTo(Header), "the table's columns");
        Assert.That(Cells(lines[at + 1]).All(c => c.Trim(':').Length > 0 && c.Trim(':').All(ch => ch == '-')), Is.True, "delimiter row");
        var rows = new List<List<string>>();
        for (int i = at + 2; i < lines.Length && lines[i].TrimStart().StartsWith('|'); i++)
        {
            var cells = Cells(lines[i]);
            Assert.That(cells, Has.Count.EqualTo(Header.Length), "row " + lines[i]);
            rows.Add(cells);
        }
        return rows;
    }

    private static string Code(string text) => "`" + text + "`";

    /// <summary>Response and summary cells may put code spans around parts of the text (so that &lt;tag&gt; renders); the words must be the table's.</summary>
    private static string Plain(string cell) => cell.Replace("`", "", StringComparison.Ordinal);

    private static string Forms(AtForms forms) => string.Join(", ",
        new[] { (AtForms.Action, "action"), (AtForms.Set, "set"), (AtForms.Read, "read"), (AtForms.Test, "test") }
            .Where(f => (forms & f.Item1) != 0).Select(f => f.Item2));

    private static string Scope(AtScope scope) => scope switch
    {
        AtScope.Link => "link",
        AtScope.Agent => "agent",
        AtScope.Both => "both",
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };

    /// <summary>The rows this test expects, to paste into docs/protocol.md after a change to AtCommands.All.</summary>
    private static string ExpectedTable() => string.Join("\n", AtCommands.All.Select(spec =>
        "| " + string.Join(" | ",
            Code(spec.Name), Forms(spec.Forms), Scope(spec.Scope),
            (spec.Forms & AtForms.Set) != 0 ? Code(spec.SetSyntax) : "-", Code(spec.Response), spec.Summary) + " |"));

    [Test]
    public void TheTableTextNeedsNoEscaping()
    {
        // Otherwise the comparison below would have to learn Markdown escapes.
        foreach (var spec in AtCommands.All)
            foreach (var text in new[] { spec.Name, spec.SetSyntax, spec.Response, spec.Summary })
                Assert.That(text, Does.Not.Contain("`").And.Not.Contain("|").And.Not.Contain("\n"), spec.Name);
    }

    [Test]
    public void OneRowPerCommandWithTheSameText()
    {
        TestContext.Out.WriteLine("The command table of docs/protocol.md as AtCommands.All has it:\n" + ExpectedTable());
        var rows = CommandTable();
        var byName = new Dictionary<string, List<string>>();
        foreach (var row in rows)
        {
            Assert.That(row[0], Does.StartWith("`").And.EndWith("`"), "the command cell is the name in backticks: " + row[0]);
            Assert.That(byName.TryAdd(row[0].Trim('`'), row), Is.True, "a command documented twice: " + row[0]);
        }
        Assert.That(byName.Keys, Is.EquivalentTo(AtCommands.All.Select(c => c.Name)),
            "the documented commands are those of AtCommands.All; the table's rows as they should read:\n" + ExpectedTable());
        Assert.That(rows, Has.Count.EqualTo(AtCommands.All.Count));

        foreach (var spec in AtCommands.All)
        {
            var row = byName[spec.Name];
            Assert.Multiple(() =>
            {
                Assert.That(row[0], Is.EqualTo(Code(spec.Name)), spec.Name + ": command");
                Assert.That(row[1], Is.EqualTo(Forms(spec.Forms)), spec.Name + ": forms");
                Assert.That(row[2], Is.EqualTo(Scope(spec.Scope)), spec.Name + ": scope");
                Assert.That(row[3], Is.EqualTo((spec.Forms & AtForms.Set) != 0 ? Code(spec.SetSyntax) : "-"), spec.Name + ": set syntax");
                Assert.That(Plain(row[4]), Is.EqualTo(spec.Response), spec.Name + ": response");
                Assert.That(Plain(row[5]), Is.EqualTo(spec.Summary), spec.Name + ": summary");
            });
        }
    }

    [Test]
    public void TheDocumentNamesTheLimitsAndCodes()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "protocol.md"));
        Assert.That(text, Does.Contain(AtSyntax.MaxLineLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(text, Does.Contain(AtSyntax.Prefix));
        foreach (var code in Enum.GetValues<AtCmeError>())
            Assert.That(text, Does.Contain($"+CME ERROR: {(ulong)code}"), code.ToString());
    }
}
