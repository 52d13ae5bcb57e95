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
                Assert.All(requirement.NeedsForms, form => Assert.InRange(form, 0, Math.Max(0, RoleTable.Of(requirement.Needs).Forms.Length - 1)));
        }
    }

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
