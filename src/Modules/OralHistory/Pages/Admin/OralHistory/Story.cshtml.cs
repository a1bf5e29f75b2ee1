using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Media;
using Platform.Core.Workflows;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Column;
using Platform.Modules.OralHistory.Features.Consent;
using Platform.Modules.OralHistory.Features.Stories;
using Platform.Modules.OralHistory.Features.Transcripts;
using Platform.Core.Text;

namespace Platform.Modules.OralHistory.Pages.Admin.OralHistory;

/// <summary>One story for editors: its fields, photos, audio and video, transcript import, consent, workflow and the column.</summary>
public sealed class StoryModel(StoryService stories, ConsentService consents, ColumnService column, IMediaStore media, WorkflowCatalog catalog, OralHistoryDbContext db) : OralHistoryPageModel
{
    [BindProperty] public StoryForm Form { get; set; } = new();
    public EditableStory? Current { get; private set; }
    public ConsentRow? Consent { get; private set; }
    public IReadOnlyList<ConsentRow> ConsentHistory { get; private set; } = [];
    public IReadOnlyList<WorkflowTransition> Actions { get; private set; } = [];
    public IReadOnlyList<TranscriptRowError> TranscriptErrors { get; private set; } = [];
    public string? TranscriptText { get; set; }
    public string? ConsentProblem { get; private set; }
    public long? NarratorId { get; private set; }
    public string StateName => Current?.Workflow is { } w ? catalog.Find(w.ModuleId, w.WorkflowId, w.Version)?.State(w.State)?.NameZh ?? w.State : "未保存";

    public async Task<IActionResult> OnGetAsync(string? id)
    {
        if (id is not null) await LoadAsync(id, fillForm: true);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string? id)
    {
        EditableStory? saved = null;
        var ok = await TryAsync(async () =>
        {
            var draft = Form.ToStory(id is null ? null : (await stories.GetForEditAsync(User, id)).Story);
            saved = id is null ? await stories.CreateAsync(User, Form.RegionCode ?? Region.Code, draft) : await stories.SaveAsync(User, id, draft, Form.Revision);
        }, "已保存。");
        if (ok) return Redirect($"/admin/oral-history/story/{saved!.Item.Id}?region={Region.Code}&saved=1");
        if (id is not null) await LoadAsync(id, fillForm: false);
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(
        string id, string kind, List<IFormFile> files, [SingleLine(500, Label = "照片说明")] string? caption)
    {
        var current = await LoadAsync(id, fillForm: true);
        await TryAsync(async () =>
        {
            if (files.Count == 0) throw PlatformException.Invalid("请先选择要上传的文件。", "Choose a file to upload.");
            if (kind is "audio" or "video" && files.Count > 1)
                throw PlatformException.Invalid("每篇稿件只有一段录音和一段录像，请只选择一个文件。", "A story has one recording and one film: choose one file.");
            var policy = kind switch { "audio" => MediaPolicy.Audio, "video" => MediaPolicy.Video, _ => MediaPolicy.Images };
            var ct = HttpContext.RequestAborted;
            // Every file is checked before any is stored, and the batch removes them again unless the story saves.
            await using var batch = media.BeginBatch(StoryType.ModuleId, current.Item.RegionCode, Actor);
            foreach (var file in files)
            {
                await using var stream = file.OpenReadStream();
                try
                {
                    await batch.AddAsync(stream, file.FileName, policy, ct);
                }
                catch (PlatformException ex) when (files.Count > 1)
                {
                    throw new PlatformException(ex.Status, $"“{Path.GetFileName(file.FileName)}”：{ex.MessageZh}（本次所选文件均未保存）",
                        $"{Path.GetFileName(file.FileName)}: {ex.MessageEn}");
                }
            }
            var stored = await batch.StoreAsync(ct);
            var story = current.Story;
            foreach (var (file, saved) in files.Zip(stored))
            {
                var photoCaption = string.IsNullOrWhiteSpace(caption) ? Path.GetFileNameWithoutExtension(file.FileName) : caption.Trim();
                story = kind switch
                {
                    "audio" => story with { AudioId = saved.Id },
                    "video" => story with { VideoId = saved.Id },
                    _ => story with { Photos = [.. story.Photos, new StoryPhoto(saved.Id, photoCaption)] },
                };
            }
            await stories.SaveAsync(User, id, story, current.Item.Revision, ct);
            batch.Keep();
        }, "文件已上传并保存到稿件。");
        await LoadAsync(id, fillForm: true);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveMediaAsync(string id, string mediaId)
    {
        var current = await LoadAsync(id, fillForm: true);
        var s = current.Story;
        await TryAsync(() => stories.SaveAsync(User, id, s with
        {
            Photos = s.Photos.Where(p => p.MediaId != mediaId).ToList(), AudioId = s.AudioId == mediaId ? null : s.AudioId, VideoId = s.VideoId == mediaId ? null : s.VideoId,
        }, current.Item.Revision), "已从稿件移除（文件保留在媒体库中）。");
        await LoadAsync(id, fillForm: true);
        return Page();
    }

    public async Task<IActionResult> OnPostTranscriptAsync(string id, [MultiLine(200_000, Label = "文字稿")] string? text, IFormFile? file)
    {
        var current = await LoadAsync(id, fillForm: true);
        if (file is not null)
        {
            using var reader = new StreamReader(file.OpenReadStream());
            text = await reader.ReadToEndAsync(HttpContext.RequestAborted);
        }
        TranscriptText = text;
        var parsed = TranscriptParser.Parse(text ?? "");
        if (!parsed.Ok)
        {
            TranscriptErrors = parsed.Errors;
            Error = $"文字稿有 {parsed.Errors.Count} 处需要修改，未保存。请按下面的提示改正后重新导入。";
            Response.StatusCode = 400;
            return Page();
        }
        await TryAsync(() => stories.SaveAsync(User, id, current.Story with { Transcript = parsed.Transcript }, current.Item.Revision),
            $"已导入文字稿：{parsed.Transcript.Segments.Count} 段。");
        await LoadAsync(id, fillForm: true);
        return Page();
    }

    public async Task<IActionResult> OnPostConsentAsync(
        string id, DateOnly? signedOn, bool photos, bool audioVideo, [MultiLine(500, Label = "备注")] string? note)
    {
        await TryAsync(() => consents.RecordAsync(User, id, new ConsentInput(signedOn, photos, audioVideo, note)), "已登记发布同意。");
        await LoadAsync(id, fillForm: true);
        return Page();
    }

    public async Task<IActionResult> OnPostFireAsync(
        string id, string transition, int workflowRevision, [MultiLine(2000, Label = "意见")] string? comment)
    {
        await TryAsync(() => stories.FireAsync(User, id, transition, workflowRevision, comment), "已办理。");
        await LoadAsync(id, fillForm: true);
        return Page();
    }

    public async Task<IActionResult> OnPostQueueAsync(string id)
    {
        await TryAsync(async () =>
        {
            var slot = await column.EnqueueAsync(User, Region.Code, id);
            Notice = $"已排入{Region.Name}的每周专栏，将于 {slot.SlotAt + ColumnService.ChinaOffset:yyyy年M月d日 HH:mm} 自动发布。";
        }, "");
        await LoadAsync(id, fillForm: true);
        return Page();
    }

    private async Task<EditableStory> LoadAsync(string id, bool fillForm)
    {
        Current = await stories.GetForEditAsync(User, id, HttpContext.RequestAborted);
        if (fillForm) Form = StoryForm.From(Current);
        Consent = await consents.CurrentAsync(id);
        NarratorId = await db.Stories.Where(r => r.StoryId == id).Select(r => (long?)r.NarratorId).FirstOrDefaultAsync();
        ConsentHistory = await consents.HistoryAsync(id);
        ConsentProblem = ConsentRule.Refusal(Current.Story, Consent);
        if (Current.Workflow is { } w && catalog.Find(w.ModuleId, w.WorkflowId, w.Version) is { } definition)
            Actions = definition.From(w.State).Where(t => t.Name != "queue").ToList();
        if (Request.Query["saved"] == "1" && Notice is null && Error is null) Notice = "已保存。";
        return Current;
    }
}
