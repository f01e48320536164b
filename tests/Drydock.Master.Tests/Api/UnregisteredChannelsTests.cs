using Drydock.Master.Api;
using Drydock.Master.Registry;

namespace Drydock.Master.Tests.Api;

public sealed class UnregisteredChannelsTests
{
    [Fact]
    public void TryEnter_BeyondTheLimit_RefusedUntilOneLeaves()
    {
        var channels = new UnregisteredChannels(new RegistryOptions { MaxUnregisteredAgentChannels = 2 });

        Assert.True(channels.TryEnter());
        Assert.True(channels.TryEnter());
        Assert.False(channels.TryEnter());
        channels.Leave();
        Assert.True(channels.TryEnter());
        Assert.Equal(2, channels.Count);
    }

    [Fact]
    public void TryReserve_SharedBudgetSpent_RefusedAndNothingHeldForTheRefusal()
    {
        var channels = new UnregisteredChannels(new RegistryOptions());
        const int chunk = 16 * 1024 * 1024;
        var taken = 0;
        while (channels.TryReserve(chunk))
        {
            taken++;
        }

        Assert.Equal(UnregisteredChannels.MessageBudgetBytes / chunk, taken);
        Assert.Equal(UnregisteredChannels.MessageBudgetBytes, channels.Buffered);
        Assert.False(channels.TryReserve(1));
        Assert.Equal(UnregisteredChannels.MessageBudgetBytes, channels.Buffered);

        channels.Release(chunk);
        Assert.True(channels.TryReserve(chunk / 2));
        Assert.Equal(UnregisteredChannels.MessageBudgetBytes - (chunk / 2), channels.Buffered);
    }
}
