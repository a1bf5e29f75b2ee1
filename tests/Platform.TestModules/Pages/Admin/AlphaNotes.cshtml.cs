using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.TestModules.Alpha;

namespace Platform.TestModules.Pages.Admin;

public sealed class AlphaNotesModel(AlphaDbContext db) : PageModel
{
    public int Count { get; private set; }

    public async Task OnGetAsync() => Count = await db.Notes.CountAsync();
}
