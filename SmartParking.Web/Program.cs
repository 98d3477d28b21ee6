using SmartParking.Infrastructure;
using SmartParking.Infrastructure.Common;
using SmartParking.Web;

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
