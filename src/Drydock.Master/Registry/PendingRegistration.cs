using Drydock.AgentProtocol.V1;

namespace Drydock.Master.Registry;

/// <summary>A registration waiting for the registry's writer; <see cref="Taken"/> once a batch has it.</summary>
internal sealed class PendingRegistration(AgentDescription description, IAgentConnection connection)
{
    private volatile bool _taken;
    private volatile bool _abandoned;

    public AgentDescription Description { get; } = description;

    public IAgentConnection Connection { get; } = connection;

    public bool Taken
    {
        get => _taken;
        set => _taken = value;
    }

    /// <summary>Its channel ended before a batch took it: it is not admitted.</summary>
    public bool Abandoned
    {
        get => _abandoned;
        set => _abandoned = value;
    }
}
