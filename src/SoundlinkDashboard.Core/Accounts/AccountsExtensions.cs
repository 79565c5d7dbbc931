using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Sync;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Accounts;

public static class AccountsExtensions
{
    public const string DefaultKeysPath = "data/keys";

    /// <summary>Length over composition rules (NIST SP 800-63B); common passwords are refused by <see cref="CommonPasswordValidator"/>.</summary>
    public const int MinimumPasswordLength = 12;

    /// <summary>
    /// Users (ASP.NET Core Identity on the store), teams and roles, the key vault and the audit log.
    /// The Data Protection key ring lives in DataProtection:KeysPath (default data/keys, against the content root):
    /// it decrypts the stored API keys, so back it up with the database.
    /// </summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var keysPath = builder.Configuration["DataProtection:KeysPath"];
        keysPath = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath,
            string.IsNullOrWhiteSpace(keysPath) ? DefaultKeysPath : keysPath));
        if (!Directory.Exists(keysPath))
        {
            // The key ring decrypts the stored API keys: owner only on Unix.
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(keysPath);
            }
            else
            {
                Directory.CreateDirectory(keysPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        builder.Services.AddSingleton(new KeyRingLocation(keysPath));
        builder.Services.AddSingleton<StoreBackup>();
        builder.Services.AddDataProtection().SetApplicationName("SoundlinkDashboard");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory>((options, loggers) =>
            options.XmlRepository = new KeyRingRepository(new DirectoryInfo(keysPath), loggers));

        builder.Services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Password.RequiredLength = MinimumPasswordLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();

        // SignInManager needs the authentication scheme provider: without it a host that validates its services at
        // build (Development) could not start the command line, which has no web authentication of its own.
        builder.Services.AddAuthenticationCore();
        builder.Services.AddSingleton<TeamAccess>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<AccountService>();
        builder.Services.AddSingleton<SiteAdminService>();
        builder.Services.AddSingleton<MembershipService>();
        builder.Services.AddSingleton<KeyVault>();
        builder.AddSoundlinkApi();
        return builder;
    }
}

/// <summary>Where the Data Protection key ring is kept (an absolute folder): backups copy it with the database.</summary>
public sealed record KeyRingLocation(string Path);
