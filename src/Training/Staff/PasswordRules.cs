using Microsoft.AspNetCore.Identity;

namespace Training.Staff;

/// <summary>
/// Refuses passwords that guessers try first, whatever their length: runs and repeats (1234567890, aaaaaaaaaa,
/// qwertyuiop), words everyone uses (password, training, admin), and the staff member's own email or name.
/// </summary>
public sealed class PasswordRules : IPasswordValidator<StaffUser>
{
    public const string CommonMessage = "よく使われる並び（password、1234、qwerty など）や、メールアドレス・名前をふくむパスワードは使えません。";

    private static readonly string[] Common =
    [
        "password", "passw0rd", "qwerty", "asdfgh", "zxcvbn", "abcdef", "123456", "234567", "345678", "456789", "987654", "654321",
        "111111", "000000", "iloveyou", "admin", "welcome", "letmein", "training", "nirasaki", "sapporo", "tokyo", "japan", "kenshu",
    ];

    public Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password)
    {
        var lower = (password ?? "").ToLowerInvariant();
        var local = (user.Email ?? "").Split('@')[0].ToLowerInvariant();
        var weak = Common.Any(lower.Contains)
                   || lower.Distinct().Count() <= 3
                   || (local.Length >= 4 && lower.Contains(local))
                   || (user.DisplayName.Length >= 2 && lower.Contains(user.DisplayName.ToLowerInvariant()));
        return Task.FromResult(weak
            ? IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = CommonMessage })
            : IdentityResult.Success);
    }
}

/// <summary>Identity's messages in Japanese (the site's resources hold their English).</summary>
public sealed class JapaneseIdentityErrors : IdentityErrorDescriber
{
    public const string TooShort = "パスワードは{0}文字以上にしてください。";
    public const string NeedsDigit = "パスワードに数字を1つ以上入れてください。";
    public const string NeedsLower = "パスワードに英小文字を1つ以上入れてください。";
    public const string NeedsUpper = "パスワードに英大文字を1つ以上入れてください。";
    public const string NeedsUnique = "パスワードには{0}種類以上の文字を使ってください。";
    public const string BadToken = "このリンクは期限が切れているか、すでに使われています。管理者に新しいリンクを頼んでください。";
    public const string WrongPassword = "今のパスワードが違います。";
    public const string Duplicate = "このメールアドレスの職員はすでに登録されています。";

    public static IEnumerable<string> All => typeof(JapaneseIdentityErrors).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = string.Format(TooShort, length) };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = NeedsDigit };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = NeedsLower };
    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = NeedsUpper };
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new() { Code = nameof(PasswordRequiresUniqueChars), Description = string.Format(NeedsUnique, uniqueChars) };
    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = BadToken };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = WrongPassword };
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = Duplicate };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = Duplicate };
}
