using SoundlinkDashboard;
using SoundlinkDashboard.Accounts;
using SoundlinkDashboard.Cli;
using SoundlinkDashboard.Demo;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Sharing;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Sync;

if (CliApp.IsCommand(args))
{
    return await CliApp.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddStore();
builder.AddAccounts();
builder.AddSync();
builder.AddSharing();
builder.AddWebAccounts();
builder.AddWebUi();
builder.AddDemo();

var app = builder.Build();
await app.Services.GetRequiredService<StoreMigrator>().MigrateAsync();
app.UseWebUi();
await app.RunAsync();
return 0;

/// <summary>Lets tests host the app with WebApplicationFactory.</summary>
public partial class Program;
