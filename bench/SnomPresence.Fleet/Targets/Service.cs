using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace SnomPresence.Fleet.Targets;

/// <summary>
/// The Release build of SnomPresence.Web as its own process on a fresh SQLite file in its own temporary folder,
/// phone tokens on, warnings-only logging, with an admin key and a provisioning login made up for this run, and its
/// pushes answered by the bench phones' web interface.
/// </summary>
internal sealed class Service : IAsyncDisposable
{
    public const string ProvisioningUser = "bench";

    private readonly ChildProcess _process;

    private Service(ChildProcess process, PhoneWebInterfaces phones, string directory, string adminKey, string provisioningPassword)
    {
        _process = process;
        Phones = phones;
        Directory = directory;
        AdminKey = adminKey;
        ProvisioningPassword = provisioningPassword;
    }

    public Uri Address => _process.Address;

    /// <summary>Where the service's pushes to the bench phones arrive.</summary>
    public PhoneWebInterfaces Phones { get; }

    public int ProcessId => _process.Id;

    public string Directory { get; }

    public string AdminKey { get; }

    public string ProvisioningPassword { get; }

    public AuthenticationHeaderValue ProvisioningLogin =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ProvisioningUser}:{ProvisioningPassword}")));

    /// <param name="settings">Further <c>--Key=value</c> settings, after the run's own so they win.</param>
    public static async Task<Service> StartAsync(FleetOptions options, string name, IEnumerable<string>? settings = null)
    {
        var dll = options.Service ?? Path.Combine(options.Repository, "artifacts", "bin", "SnomPresence.Web", "release", "SnomPresence.Web.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException(options.Service is null ? $"Build the service first: dotnet build src/SnomPresence.Web -c Release ({dll} is missing)." : $"--service: {dll} is missing.");
        }

        var directory = System.IO.Directory.CreateTempSubdirectory($"snompresence-fleet-{name}-").FullName;
        var phones = await PhoneWebInterfaces.StartAsync();
        var adminKey = RandomNumberGenerator.GetHexString(48, lowercase: true);
        var password = RandomNumberGenerator.GetHexString(24, lowercase: true);
        string[] args =
        [
            $"--Store:Sqlite:Path={Path.Combine(directory, "presence.db")}",
            $"--Admin:ApiKey={adminKey}",
            $"--Provisioning:HttpUser={ProvisioningUser}",
            $"--Provisioning:HttpPassword={password}",
            $"--Provisioning:LoginSecret={RandomNumberGenerator.GetHexString(64, lowercase: true)}",
            "--Serilog:MinimumLevel:Default=Warning",
            $"--Phones:Push:Port={phones.Port}",
            .. settings ?? [],
            .. options.ServiceArgs,
        ];
        // The public address must be the one it listens on; it is only known once the port is, so it goes last.
        try
        {
            var process = await ChildProcess.StartAsync(dll, args, options.Repository, Path.Combine(directory, "service.log"), "/health/ready", publicBaseUrlSetting: "Snom:PublicBaseUrl");
            return new Service(process, phones, directory, adminKey, password);
        }
        catch
        {
            await phones.DisposeAsync();
            throw;
        }
    }

    public double ResidentMiB() => _process.ResidentMiB();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        await Phones.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the folder is in the temporary directory anyway.
        }
    }
}
