using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Modules.OralHistory.Features.Demo;
using Platform.Testing;

namespace Platform.OralHistory.Tests;

/// <summary>Editors work in Chinese pages: create a story, import its transcript, upload media, record consent, move it on.</summary>
public abstract partial class AdminPagesTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private const string New = "/admin/oral-history/story?region=511000";

    private static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields, (string Name, string File, byte[] Bytes)? file)
    {
        var token = Token().Match(await client.GetStringAsync(page));
        using var form = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken" } };
        foreach (var (key, value) in fields) form.Add(new StringContent(value), key);
        if (file is { } f) form.Add(new ByteArrayContent(f.Bytes), f.Name, f.File);
        return await client.PostAsync($"{page}&handler={handler}", form);
    }

    private static async Task<string> CreateAsync(HttpClient client, string title)
    {
        var created = await client.PostFormAsync(New, new()
        {
            ["Form.RegionCode"] = "511002", ["Form.Title"] = title, ["Form.VeteranId"] = "admin-vet-1", ["Form.NarratorName"] = "赵老",
            ["Form.Interviewers"] = "小李、小王", ["Form.Eras"] = "抗美援朝", ["Form.OtherEras"] = "上甘岭", ["Form.Summary"] = "第一段。\n第二段。",
        }, "Save");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return created.Headers.Location!.OriginalString.Split('?')[0];
    }

    [Fact]
    public async Task An_editor_creates_a_story_and_a_bad_transcript_is_refused_row_by_row_before_a_good_one_is_saved()
    {
        var client = await host.CreateAdminAsync("sichuan");
        var page = await CreateAsync(client, "上甘岭的坑道") + "?region=511000";
        var html = await client.GetStringAsync(page);
        Assert.Contains("id=\"state\">草稿<", html, StringComparison.Ordinal);
        Assert.Contains("value=\"小李、小王\"", html, StringComparison.Ordinal);

        var bad = await client.PostFormAsync(page, new() { ["text"] = "没有时间的开头\n[00:00:05] 第一段\n[00:00:03] 倒退" }, "Transcript");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var refusal = await bad.Content.ReadAsStringAsync();
        Assert.Contains("文字稿有 2 处需要修改，未保存。", refusal, StringComparison.Ordinal);
        Assert.Contains("第 1 行：这行文字前面还没有时间码。", refusal, StringComparison.Ordinal);
        Assert.Contains("第 3 行：时间 00:00:03 不晚于上一段的 00:05。", refusal, StringComparison.Ordinal);
        Assert.Contains("时间码文字稿（0 段）", refusal, StringComparison.Ordinal);

        var good = await PostMultipartAsync(client, page, "Transcript", [], ("file", "访谈.txt", "[00:00:00] 进坑道\n关键词：坑道、上甘岭\n00:01:30 断水的第七天"u8.ToArray()));
        var saved = await good.Content.ReadAsStringAsync();
        Assert.Contains("已导入文字稿：2 段。", saved, StringComparison.Ordinal);
        Assert.Contains("<strong>01:30</strong> 断水的第七天", saved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mislabelled_upload_is_refused_in_Chinese_and_nothing_is_kept_while_a_photo_is_added_with_its_caption()
    {
        var client = await host.CreateAdminAsync("sichuan");
        var page = await CreateAsync(client, "上传照片") + "?region=511000";
        int Count() { using var scope = host.Services.CreateScope(); return scope.ServiceProvider.GetRequiredService<CoreDbContext>().Media.Count(m => m.Module == "OralHistory"); }
        var before = Count();
        var refused = await PostMultipartAsync(client, page, "Upload", new() { ["kind"] = "audio" }, ("files", "讲述.mp3", DemoMedia.Photo(3)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("文件内容不是音频（MP3、WAV、Ogg、M4A）（按文件内容识别为：JPEG 图片，与文件名无关），未保存。", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, Count());

        var added = await PostMultipartAsync(client, page, "Upload", new() { ["kind"] = "photo", ["caption"] = "坑道口合影" }, ("files", "合影.jpg", DemoMedia.Photo(4)));
        var html = await added.Content.ReadAsStringAsync();
        Assert.Contains("文件已上传并保存到稿件。", html, StringComparison.Ordinal);
        Assert.Contains("照片：坑道口合影", html, StringComparison.Ordinal);
        Assert.Contains("尚未登记讲述人赵老对本篇的发布同意", html, StringComparison.Ordinal); // the consent section says what is missing
    }

    [Fact]
    public async Task Consent_and_the_workflow_buttons_take_a_story_to_publication_and_other_provinces_see_nothing()
    {
        var client = await host.CreateAdminAsync("sichuan");
        var path = await CreateAsync(client, "按钮发布");
        var page = path + "?region=511000";
        var consent = await client.PostFormAsync(page, new() { ["signedOn"] = "2026-11-01", ["photos"] = "true" }, "Consent");
        Assert.Contains("当前：2026年11月1日 签署，范围：<strong>文字和照片</strong>", await consent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var (transition, revision, state) in new[] { ("submit", "1", "待审核"), ("approve", "2", "已审核待发布"), ("publish", "3", "已发布") })
        {
            var moved = await client.PostFormAsync(page, new() { ["transition"] = transition, ["workflowRevision"] = revision }, "Fire");
            Assert.Contains($"id=\"state\">{state}<", await moved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var id = path.Split('/')[^1];
        using var anonymous = host.CreateClient();
        Assert.Contains("按钮发布", await anonymous.GetStringAsync($"/r/511000/oral-history/stories/{id}"), StringComparison.Ordinal);
        Assert.Contains("按钮发布", await client.GetStringAsync("/admin/oral-history?region=511000"), StringComparison.Ordinal);

        var zhejiang = await host.CreateAdminAsync("zhejiang");
        Assert.Equal(HttpStatusCode.NotFound, (await zhejiang.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhejiang.GetAsync($"{path}?region=330000")).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

public sealed class AdminPagesTests_Sqlite(SqliteHost host) : AdminPagesTests<SqliteHost>(host);

public sealed class AdminPagesTests_Postgres(PostgresHost host) : AdminPagesTests<PostgresHost>(host);
