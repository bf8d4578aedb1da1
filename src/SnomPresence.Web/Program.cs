using SnomPresence.Pbx;
using SnomPresence.Web.Admin;
using SnomPresence.Web.AdminUi;
using SnomPresence.Web.Colleagues;
using SnomPresence.Web.Hosting;
using SnomPresence.Web.Phone;
using SnomPresence.Web.Presence;
using SnomPresence.Web.Provisioning;
using SnomPresence.Web.Security;

var builder = WebApplication.CreateBuilder(CommandHost.ConfigurationArguments(args));

builder.AddServiceLogging();
builder.AddServer();
builder.AddErrorHandling();
builder.AddRequestProtection();
builder.AddHealth();
builder.AddServiceMetrics();
builder.AddPresence();
builder.AddPbxSync();
builder.AddPhone();
builder.AddColleagues();
builder.AddProvisioning();
builder.AddAdminApi();
builder.AddAdminApiDocument();
builder.AddAdminUi();

if (ProvisioningCommand.IsRequested(args))
{
    return await ProvisioningCommand.RunAsync(builder, args);
}

if (StoreCommand.IsRequested(args))
{
    return await StoreCommand.RunAsync(builder, args);
}

if (PbxCommand.IsRequested(args))
{
    return await PbxCommand.RunAsync(builder, args);
}

var app = builder.Build();

app.UseServiceRequestLogging();
app.UseErrorHandling();
app.UseRequestProtection();

app.MapHealth();
app.MapServiceMetrics();
app.MapPhone();
app.MapProvisioning();
app.MapAdminApi();
app.MapAdminApiDocument();
app.MapAdminUi();

await app.RunAsync();
return 0;
