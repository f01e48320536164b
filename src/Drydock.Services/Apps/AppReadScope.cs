namespace Drydock.Services.Apps;

/// <summary>
/// What one read of a body records into: <see cref="Fields"/> collects shape errors (answered as <c>Invalid JSON</c>),
/// <see cref="Rules"/> the rule violations that only the raw form shows (answered as <c>Object is not valid</c>).
/// </summary>
internal sealed class AppReadScope
{
    public AppReadScope()
    {
        Shape = new ProblemCollector();
        Rules = new ProblemCollector();
        Fields = new JsonFields(Shape);
    }

    public ProblemCollector Shape { get; }

    public ProblemCollector Rules { get; }

    public JsonFields Fields { get; }
}
