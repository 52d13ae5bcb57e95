using Functional.Generators.Roles;
using Xunit;

namespace Functional.Generators.Tests;

/// <summary>The generator's role table and the Pipeline's role attributes are one list: each has the other's every entry.</summary>
public sealed class RoleTableTests
{
    static readonly Type[] Attributes = typeof(Functional.RoleAttribute).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Functional.RoleAttribute)) && !t.IsAbstract)
        .ToArray();

    [Fact]
    public void Every_role_attribute_of_the_Pipeline_has_a_row()
    {
        Assert.NotEmpty(Attributes);
        foreach (var attribute in Attributes)
            Assert.True(RoleTable.OfAttribute(attribute.FullName!) is not null, $"{attribute.FullName} has no row in RoleTable");
    }

    [Fact]
    public void Every_row_has_a_role_attribute_in_namespace_Functional()
    {
        var names = Attributes.Select(a => a.FullName).ToHashSet();
        foreach (var row in RoleTable.Rows)
            Assert.Contains($"Functional.{row.Name}Attribute", names);
    }

    [Fact]
    public void Every_role_has_one_row_and_every_row_says_how_it_is_checked()
    {
        Assert.Equal(Enum.GetValues<Role>().Order(), RoleTable.Rows.Select(r => r.Role).Order());
        foreach (var row in RoleTable.Rows)
        {
            Assert.False(string.IsNullOrWhiteSpace(row.Signature), $"{row.Name} has no signature text");
            Assert.True(row.Check != Check.Forms || !row.Forms.IsEmpty, $"{row.Name} is checked by forms but lists none");
            foreach (var requirement in row.Requires)
                Assert.All(requirement.NeedsForms, form => Assert.InRange(form, 0, FormCount(RoleTable.Of(requirement.Needs)) - 1));
        }
    }

    /// <summary>How many forms a role has: its list, or for a network role the network forms.</summary>
    static int FormCount(RoleRow row) => row.Check == Check.Network ? Enum.GetValues<NetworkForm>().Length : Math.Max(1, row.Forms.Length);

    [Fact]
    public void The_attributes_say_where_they_may_go()
    {
        foreach (var attribute in Attributes)
        {
            var usage = (AttributeUsageAttribute)Attribute.GetCustomAttribute(attribute, typeof(AttributeUsageAttribute))!;
            Assert.Equal(AttributeTargets.Method, usage.ValidOn);
        }
    }
}

/// <summary>docs/tricks.md's roles table tells the same story as the role table: every role, in its phase and slot.</summary>
public sealed class RolesDocumentationTests
{
    static string Words(Enum value) =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    [Fact]
    public void Every_role_has_a_row_in_the_docs_with_its_phase_and_slot()
    {
        var docs = File.ReadAllLines(GeneratorHarness.RepositoryPath("docs", "tricks.md"));
        foreach (var row in RoleTable.Rows)
        {
            var line = docs.FirstOrDefault(l => l.StartsWith($"| `[{row.Name}]", StringComparison.Ordinal) || l.StartsWith($"| `[{row.Name}(", StringComparison.Ordinal));
            Assert.True(line is not null, $"docs/tricks.md has no roles-table row for [{row.Name}]");
            var cells = line!.Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(Words(row.Phase), cells[2]);
            Assert.Equal(Words(row.Slot), cells[3]);
        }
    }
}
