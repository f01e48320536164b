namespace Drydock.Agent.Tasks;

/// <summary>Linux signal numbers the supervisor sends.</summary>
internal static class Signals
{
    public const int Term = 15;
    public const int Kill = 9;
}
