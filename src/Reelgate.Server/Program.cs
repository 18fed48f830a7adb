using Reelgate.Server.Admin;
using Reelgate.Server.Hosting;

// DESIGN §7: `serve` (the default) starts the gateway; `admin <verb>` runs an operator command.
if (args.Length > 0 && args[0] == "admin")
{
    return await AdminCommands.RunAsync(args[1..]);
}

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    Args = args.Length > 0 && args[0] == "serve" ? args[1..] : args,

    // appsettings.json ships beside the binary; the data directory stays relative to the working directory.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddReelgateServer();
var app = builder.Build();
app.UseReelgateServer();
await app.RunAsync();
return 0;
