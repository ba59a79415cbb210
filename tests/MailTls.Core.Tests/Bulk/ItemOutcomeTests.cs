using System;
using System.Threading;
using System.Threading.Tasks;
using MailTls.Bulk;
using Xunit;

namespace MailTls.Tests.Bulk;

public class ItemOutcomeTests
{
    [Fact]
    public async Task RunAsync_CancellationThatIsNotTheRunsStop_IsThatItemsError()
    {
        using var stop = new CancellationTokenSource();
        using var budget = new CancellationTokenSource();
        budget.Cancel();

        var outcome = await ItemOutcome.RunAsync<string>(_ => Task.FromCanceled<string>(budget.Token), CancellationToken.None, stop.Token);

        Assert.Null(outcome.Output);
        Assert.IsAssignableFrom<OperationCanceledException>(outcome.Error);
    }

    [Fact]
    public async Task RunAsync_TheRunsStop_EndsTheRun()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ItemOutcome.RunAsync<string>(t => Task.FromCanceled<string>(stop.Token), stop.Token, stop.Token));
    }

    [Fact]
    public async Task RunAsync_AFaultOfOurOwn_IsThatItemsError()
    {
        var outcome = await ItemOutcome.RunAsync<string>(_ => throw new NullReferenceException("bug"), CancellationToken.None, CancellationToken.None);

        Assert.IsType<NullReferenceException>(outcome.Error);
    }

    [Fact]
    public async Task RunAsync_Success_GivesTheOutput()
    {
        var outcome = await ItemOutcome.RunAsync(_ => Task.FromResult("done"), CancellationToken.None, CancellationToken.None);

        Assert.Equal("done", outcome.Output);
        Assert.Null(outcome.Error);
    }
}
