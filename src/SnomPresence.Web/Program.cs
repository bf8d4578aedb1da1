using SnomPresence.Pbx;
using SnomPresence.Web.Admin;
using SnomPresence.Web.Hosting;
using SnomPresence.Web.Phone;
using SnomPresence.Web.Presence;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceLogging();
builder.AddErrorHandling();
builder.AddHealth();
builder.AddPresence();
builder.AddPbxSync();
builder.AddPhone();
builder.AddAdminApi();

var app = builder.Build();

app.UseServiceRequestLogging();
app.UseErrorHandling();

app.MapHealth();
app.MapPhone();
app.MapAdminApi();

app.Run();
