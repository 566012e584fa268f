using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Training.Web.Pages;

[AllowAnonymous]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public class ErrorModel(IStringLocalizer<SharedResource> t) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int? code) => Describe(code);
    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        (Title, Message) = code switch
        {
            404 => (t["ページが見つかりません"].Value, t["お探しのページは移動したか、なくなった可能性があります。"].Value),
            403 => (t["このページは表示できません"].Value, t["このページを見る権限がありません。"].Value),
            507 => (t["保存できませんでした"].Value, t["サーバーの空き容量が足りないため、保存できませんでした。入力した内容は保存されていません。しばらくしてからもう一度お試しいただくか、お電話でお問い合わせください。"].Value),
            413 => (t["送った内容が大きすぎます"].Value, t["ファイルや入力した内容が大きすぎるため、受け取れませんでした。何も保存していません。ファイルを分けるか、小さくしてからもう一度お試しください。"].Value),
            429 => (t["しばらくお待ちください"].Value, t["短い時間に何度も操作されました。少し待ってからもう一度お試しください。"].Value),
            _ => (t["エラーが発生しました"].Value, t["申し訳ありません。時間をおいてもう一度お試しください。"].Value),
        };
        if (code is not null) Response.StatusCode = code.Value;
    }
}
