using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Notifications;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Documents;
using Platform.Modules.Providers.Onboarding;
using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Tests;

/// <summary>The daily document check, driven with the manual clock: a renewal task and notices at 30 days, orders suspended at expiry.</summary>
public abstract class DocumentExpiryTests<THost>(THost fixture) : IClassFixture<THost> where THost : ProvidersHost
{
    [Fact]
    public async Task A_document_near_expiry_raises_a_task_and_a_notice_and_once_expired_suspends_new_orders()
    {
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime.AddHours(8));
        // demo-provider-a's tax registration is replaced by one that expires in 40 days.
        var provider = await fixture.InScopeAsync(async sp =>
        {
            var p = await sp.GetRequiredService<ProvidersDbContext>().Providers.Include(x => x.Regions).SingleAsync(x => x.OrganisationId == "demo-provider-a");
            await sp.GetRequiredService<DocumentService>().UploadAsync(p, new DocumentUpload(DocumentKinds.TaxRegistration,
                new MemoryStream(TestFiles.Pdf("tax")), "tax.pdf", today.AddDays(40)), ProvidersHost.ProviderA, default);
            return p;
        });
        Task<DocumentExpiryCheck.Result> CheckAsync() => fixture.InScopeAsync(sp => sp.GetRequiredService<DocumentExpiryCheck>().RunAsync());
        Task<ProviderSummary?> DirectoryAsync() => fixture.InScopeAsync(sp => sp.GetRequiredService<IProviderDirectory>().FindAsync("demo-provider-a"));

        Assert.Equal(new DocumentExpiryCheck.Result(0, 0, 0), await CheckAsync()); // 40 days away: nothing yet

        fixture.Clock.Advance(TimeSpan.FromDays(11)); // 29 days left
        Assert.Equal(1, (await CheckAsync()).RenewalsStarted);
        Assert.Equal(0, (await CheckAsync()).RenewalsStarted); // the next day's run does not raise it twice
        var renewal = await fixture.InScopeAsync(sp => sp.GetRequiredService<ProvidersDbContext>().Documents
            .SingleAsync(d => d.ProviderId == provider.Id && d.Kind == DocumentKinds.TaxRegistration && d.ReplacedAt == null));
        Assert.NotNull(renewal.RenewalInstanceId);

        // A task for the Sichuan bureau (and for the provider's admin, who submits the renewal), notices to both.
        var tasks = await fixture.InScopeAsync(sp => sp.GetRequiredService<Platform.Cms.Workflows.WorkflowEngine>().TasksAsync(ProvidersHost.Sichuan));
        Assert.Contains(tasks, t => t.Instance.Id == renewal.RenewalInstanceId && t.Actions.Any(a => a.Name == "confirm-renewal"));
        var providerTasks = await fixture.InScopeAsync(sp => sp.GetRequiredService<Platform.Cms.Workflows.WorkflowEngine>().TasksAsync(ProvidersHost.ProviderA));
        Assert.Contains(providerTasks, t => t.Instance.Id == renewal.RenewalInstanceId && t.Actions.Any(a => a.Name == "submit-renewal"));
        await fixture.InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().RunDueAsync("test"));
        var noticed = await fixture.InScopeAsync(async sp =>
        {
            var ids = await sp.GetRequiredService<CoreDbContext>().Inbox.Where(n => n.Subject.Contains("证件即将到期")).Select(n => n.UserId).ToListAsync();
            return await sp.GetRequiredService<Platform.Cms.Identity.IdentityStoreContext>().Users.Where(u => ids.Contains(u.Id)).Select(u => u.UserName!).OrderBy(n => n).ToListAsync();
        });
        Assert.Equal(["provider-a", "sichuan"], noticed);
        Assert.True((await DirectoryAsync())!.AcceptsNewOrders);

        fixture.Clock.Advance(TimeSpan.FromDays(30)); // expired yesterday
        Assert.Equal(1, (await CheckAsync()).Suspended);
        var suspended = await DirectoryAsync();
        Assert.False(suspended!.AcceptsNewOrders);
        Assert.Contains("《税务登记证》已于", suspended.OrdersSuspendedReason, StringComparison.Ordinal);
        Assert.Equal("approved", suspended.Status); // still approved: only new orders stop
        // The narrow read other modules make on every order says the same.
        var orders = await fixture.InScopeAsync(sp => sp.GetRequiredService<IProviderDirectory>().OrderStatusAsync("demo-provider-a"));
        Assert.Equal(new ProviderOrderStatus(false, suspended.OrdersSuspendedReason), orders);
        Assert.Null(await fixture.InScopeAsync(sp => sp.GetRequiredService<IProviderDirectory>().OrderStatusAsync("no-such-organisation")));

        // The renewed document lifts the suspension at the next check, and the bureau can confirm the renewal.
        var now = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime.AddHours(8));
        await fixture.InScopeAsync(async sp =>
        {
            var p = await sp.GetRequiredService<ProvidersDbContext>().Providers.Include(x => x.Regions).SingleAsync(x => x.Id == provider.Id);
            await sp.GetRequiredService<DocumentService>().UploadAsync(p, new DocumentUpload(DocumentKinds.TaxRegistration,
                new MemoryStream(TestFiles.Pdf("tax2")), "tax.pdf", now.AddYears(3)), ProvidersHost.ProviderA, default);
        });
        var engine = fixture.Host.Services.CreateScope().ServiceProvider.GetRequiredService<Platform.Core.Workflows.IWorkflowEngine>();
        var instance = (await engine.FindAsync(renewal.RenewalInstanceId!.Value))!;
        var submitted = await engine.FireAsync(instance.Id, "submit-renewal", ProvidersHost.ProviderA, instance.Revision);
        Assert.Equal("renewed", (await engine.FireAsync(submitted.Id, "confirm-renewal", ProvidersHost.Sichuan, submitted.Revision)).State);
        Assert.Equal(1, (await CheckAsync()).Resumed);
        Assert.True((await DirectoryAsync())!.AcceptsNewOrders);
        var audit = await fixture.InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().Audit
            .Where(a => a.Action.StartsWith("provider.orders-")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["provider.orders-suspended", "provider.orders-resumed"], audit);
    }
}

public sealed class DocumentExpiryTests_Sqlite(SqliteProvidersHost host) : DocumentExpiryTests<SqliteProvidersHost>(host);

public sealed class DocumentExpiryTests_Postgres(PostgresProvidersHost host) : DocumentExpiryTests<PostgresProvidersHost>(host);
