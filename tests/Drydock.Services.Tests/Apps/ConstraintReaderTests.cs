using Drydock.Services.Apps;

namespace Drydock.Services.Tests.Apps;

public sealed class ConstraintReaderTests
{
    [Theory]
    [InlineData("""["hostname"]""", ConstraintReader.WrongArity)]
    [InlineData("""["hostname","CLUSTER","a","b"]""", ConstraintReader.WrongArity)]
    [InlineData("""[]""", ConstraintReader.WrongArity)]
    [InlineData("""["","UNIQUE"]""", ConstraintReader.MissingField)]
    [InlineData("""["hostname","NEAR"]""", ConstraintReader.BadOperator)]
    [InlineData("""["hostname","UNIQUE","x"]""", ConstraintReader.UniqueValue)]
    [InlineData("""["rack","GROUP_BY","two"]""", ConstraintReader.GroupByValue)]
    [InlineData("""["rack","GROUP_BY","1.5"]""", ConstraintReader.GroupByValue)]
    [InlineData("""["rack","MAX_PER"]""", ConstraintReader.MaxPerValue)]
    [InlineData("""["rack","MAX_PER","x"]""", ConstraintReader.MaxPerValue)]
    [InlineData("""["rack","LIKE"]""", ConstraintReader.LikeValue)]
    [InlineData("""["rack","UNLIKE",""]""", ConstraintReader.LikeValue)]
    [InlineData("""["rack","LIKE","[a-"]""", ConstraintReader.BadRegex)]
    [InlineData("""["rack","UNLIKE","(unclosed"]""", ConstraintReader.BadRegex)]
    [InlineData("""["rack","IS","a b"]""", ConstraintReader.IsValue)]
    [InlineData("""["rack","IS","{a,b}"]""", ConstraintReader.IsValue)]
    [InlineData("""["rack","IS","[1-2]"]""", ConstraintReader.IsValue)]
    public void Read_BrokenConstraint_GivesMarathonsMessageAtItsIndex(string constraint, string error)
    {
        var problem = AppBodies.Problem("{\"id\":\"/w\",\"cmd\":\"a b\",\"constraints\":[[\"hostname\",\"UNIQUE\"]," + constraint + "]}");

        Assert.Equal("Object is not valid", problem.Message);
        Assert.Equal([error], AppBodies.ErrorsAt(problem, "/constraints(1)"));
        Assert.Empty(AppBodies.ErrorsAt(problem, "/constraints(0)"));
    }

    [Theory]
    [InlineData("""["hostname","UNIQUE"]""", "hostname", "Unique", null)]
    [InlineData("""["@hostname","cluster","a.example"]""", "@hostname", "Cluster", "a.example")]
    [InlineData("""["rack","CLUSTER"]""", "rack", "Cluster", null)]
    [InlineData("""["rack","GROUP_BY"]""", "rack", "GroupBy", null)]
    [InlineData("""["rack","GROUP_BY","3"]""", "rack", "GroupBy", "3")]
    [InlineData("""["@zone","MAX_PER","2"]""", "@zone", "MaxPer", "2")]
    [InlineData("""["@region","LIKE","us-(east|west)-[0-9]"]""", "@region", "Like", "us-(east|west)-[0-9]")]
    [InlineData("""["rack","UNLIKE","r1"]""", "rack", "Unlike", "r1")]
    [InlineData("""["size","IS","2.500"]""", "size", "Is", "2.500")]
    [InlineData("""["os","IS"]""", "os", "Is", null)]
    public void Read_ValidConstraint_IsKept(string constraint, string field, string op, string? value)
    {
        var app = AppBodies.Created("{\"id\":\"/w\",\"cmd\":\"a b\",\"constraints\":[" + constraint + "]}");

        Assert.Equal([new Constraint(field, Enum.Parse<ConstraintOperator>(op), value)], app.Constraints);
    }
}
