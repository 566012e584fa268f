using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Training.Text;

namespace Training.Web.Staff;

/// <summary>
/// The upload step every import page of a ledger shares (people, attendance, activity records, points brought in): a
/// file must be chosen and be no larger than <see cref="SpreadsheetFile.MaxBytes"/>, the one size every import takes;
/// otherwise the form's file field says why and nothing is read.
/// </summary>
public static class LedgerUpload
{
    /// <summary>The uploaded file's content, or null with the reason added to <paramref name="modelState"/> under "file".</summary>
    public static async Task<byte[]?> ReadAsync(IFormFile? file, ModelStateDictionary modelState, IStringLocalizer t, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            modelState.AddModelError("file", t["ファイルを選んでください。"]);
            return null;
        }
        if (file.Length > SpreadsheetFile.MaxBytes)
        {
            modelState.AddModelError("file", t["ファイルが大きすぎます（5MBまで）。"]);
            return null;
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
