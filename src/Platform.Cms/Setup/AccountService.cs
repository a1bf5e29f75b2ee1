using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Core;

namespace Platform.Cms.Setup;

/// <summary>
/// The placeholder admin accounts used until ASP.NET Core Identity arrives: hashed passwords, platform
/// administrators only.
/// </summary>
public sealed class AccountService(CoreDbContext db, SetupState setup)
{
    private static readonly PasswordHasher<AdminAccount> Hasher = new();

    public async Task<bool> IsSetUpAsync(CancellationToken ct = default)
    {
        if (setup.IsSetUp) return true;
        setup.IsSetUp = await db.Accounts.AnyAsync(ct);
        return setup.IsSetUp;
    }

    public async Task CreateAsync(string userName, string displayName, string password, CancellationToken ct = default)
    {
        userName = (userName ?? "").Trim();
        if (userName.Length is < 3 or > 64 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw PlatformException.Invalid("用户名须为 3 到 64 个字母、数字或 . _ -。", "User name: 3 to 64 letters, digits or . _ -");
        if ((password ?? "").Length < 8)
            throw PlatformException.Invalid("密码至少 8 位，请再设一个更长的密码。", "Use a password of at least 8 characters.");
        if (await db.Accounts.AnyAsync(a => a.UserName == userName, ct))
            throw PlatformException.Conflict($"用户名“{userName}”已存在。", $"User name '{userName}' is taken.");
        var account = new AdminAccount
        {
            UserName = userName,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? userName : displayName.Trim(),
            PasswordHash = "",
            CreatedAt = DateTime.UtcNow,
        };
        account.PasswordHash = Hasher.HashPassword(account, password!);
        db.Accounts.Add(account);
        db.AddAudit("account.create", "setup", null, null, null, userName);
        await db.SaveChangesAsync(ct);
        setup.IsSetUp = true;
    }

    /// <summary>The account when the password matches, else null.</summary>
    public async Task<AdminAccount?> VerifyAsync(string userName, string password, CancellationToken ct = default)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.UserName == userName, ct);
        if (account is null) return null;
        return Hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed
            ? null
            : account;
    }
}

/// <summary>Remembers, per host, that setup has been done (it is never undone).</summary>
public sealed class SetupState
{
    private volatile bool _isSetUp;

    public bool IsSetUp
    {
        get => _isSetUp;
        set => _isSetUp = value;
    }
}
