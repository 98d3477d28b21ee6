using SmartParking.Infrastructure;
using SmartParking.Infrastructure.Common;
using SmartParking.Web;
using SmartParking.Web.Backups;

if (BackupCommands.Handles(args))
{
    Environment.ExitCode = await BackupCommands.RunAsync(args);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddInfrastructure();
builder.AddWebServices();

var app = builder.Build();

using (var scope = app.Services.CreateScope())
{
    await scope.ServiceProvider.GetRequiredService<DatabaseStartup>().RunAsync();
}

app.UseWebPipeline();
app.Run();

public partial class Program;
