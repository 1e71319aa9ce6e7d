"""English catalogue (second language), for members whose Telegram is in English."""

TEXTS: dict[str, str] = {
    "menu.tip": "📝 Tip",
    "menu.incident": "⚠️ Incident",
    "menu.deed": "🌟 Good deed",
    "menu.my": "📋 Mine",
    "menu.help": "❓ Help",
    "menu.org": "🏘 Organisation",
    "menu.people": "👥 People",
    "command.tip": "Report a tip about security and order",
    "command.incident": "Report an incident",
    "command.deed": "Record a good deed",
    "command.my": "See my reports",
    "command.followup": "Add to a report you sent",
    "command.cancel": "Cancel what you are doing",
    "command.link": "Use one account on Telegram and Zalo",
    "command.help": "How to use the bot",
    "role.member": "team member",
    "role.leader": "team leader",
    "role.police": "commune police",
    "role.admin": "admin",
    "place.team": "{team}, {commune}",
    "place.commune": "{commune}",
    "join.how": (
        "Hello! This is the reporting channel of the grassroots security teams.\n\n"
        "To join you need an invite link (or an 8-character invite code) from the commune "
        "police or your team leader. Open the link, or type the code here."
    ),
    "join.not_found": "This invite code is not valid.",
    "join.revoked": "This invite code was withdrawn.",
    "join.expired": "This invite code has expired.",
    "join.used_up": "This invite code has been used up.",
    "join.ask": "Please ask your team leader or the commune police for a new one.",
    "join.welcome": "Welcome, {name}! You joined {place} as {role}.",
    "join.default_name": "Member",
    "start.welcome_back": "Hello, {name}!",
    "help.member": (
        "You can:\n"
        "📝 Tip (/tip) — pass on what residents tell you about security and order\n"
        "⚠️ Incident (/incident) — report something that happened and what the team did\n"
        "🌟 Good deed (/gooddeed) — record a good deed\n"
        "📋 Mine (/my) — see what you sent and add to it\n"
        "⚙️ /settings — your full name, reminders on or off, language\n"
        "\nSomething to report? Just type it here and the bot asks the rest. "
        "Each step has buttons; you can also type the number or the words. "
        "Type 0 to go back, /cancel to cancel."
    ),
    "help.leader": (
        "You can:\n"
        "📝 Tip (/tip) — pass on what residents tell you about security and order\n"
        "⚠️ Incident (/incident) — report something that happened and what the team did\n"
        "🌟 Good deed (/gooddeed) — record a good deed\n"
        "📋 Mine (/my) — see what you sent and add to it\n"
        "👥 /team — see your team's reports\n"
        "⚙️ /settings — your full name, reminders on or off, language\n"
        "\nSomething to report? Just type it here and the bot asks the rest. "
        "Each step has buttons; you can also type the number or the words. "
        "Type 0 to go back, /cancel to cancel."
    ),
    "help.police": (
        "You are commune police. Every new item is posted at once to the commune police group, "
        "with «Take», «Handled», «Forward»: urgent tips, incidents with injuries, fires and "
        "rescues with a sound and pinned; routine ones silently. An urgent item nobody takes is "
        "posted again, then sent to each officer, then to the admins.\n\n"
        "📝 Direct tip (/directtip) — log a tip a resident gave the police directly\n"
        "📊 Report (/report) — the movement's results by week, month, year\n"
        "/take, /handled, /forward <code> — act on an item without buttons\n"
        "/handled <code> <note> — the note is sent to the reporter; start it with «nb:» to keep "
        "it internal\n"
        "/routine now | digest — routine items at once, or only in the digest\n"
        "/source <code> — receive a confidential source privately\n"
        "/history <code> — who did what with an item\n"
        "/digest — the digest now (/digest week for the week)\n"
        "/help — this help"
    ),
    "help.admin": (
        "Admin commands:\n"
        "/org — the organisation and its ids\n"
        "/addcommune <name> — add a commune or ward\n"
        "/addvillage X3 <name> — add a village or residential group (with its team)\n"
        "/invite T12 [leader] — invite link to a team\n"
        "/invite X3 police [uses] [officers] — invite link for commune police (one use by "
        "default; whoever opens it waits for approval; officers: the commune's officers may "
        "approve too)\n"
        "/pending — join requests waiting for approval (/approve Y5, /refuse Y5)\n"
        "/invites — invite codes still valid; /revoke <code> — withdraw one\n"
        "/linkgroup X3 — send inside a group to make it the commune police chat\n"
        "/people [X3] — who is registered; /remove N45 — remove someone\n"
        "/rename N45 <full name> — correct someone's full name\n"
        "/calendar — phases, deadlines and reminders (/adddeadline, /addphase)\n"
        "/unreachable — who can't receive the bot's messages\n"
        "/report [X3 | province] [period] — report of a commune or the province\n"
        "/digestschedule X3 — show or change the police chat's digest schedule"
    ),
    "help.body": "Pick an item on the keyboard below to start.",
    "help.short": "Type /help for help.",
    "flow.step": "Step {number}/{total}",
    "flow.cancelled": "The {title} was cancelled. Nothing was sent.",
    "flow.button_expired": "That button no longer works.",
    "flow.button_past": "That question is over. Please answer this one:",
    "flow.button_unknown": "That button no longer works.",
    "flow.first_step": "This is the first question. Type /cancel to cancel.",
    "flow.summary": (
        "Please check the {title}:\n\n{lines}\n\nIf it is right, press «📨 Send». Nothing "
        "is sent before that."
    ),
    "flow.summary_title": "Summary",
    "flow.edit_which": "What do you want to change?",
    "flow.busy": "You are in the middle of something. Answer the question, or type /cancel.",
    "flow.still_open": "You still have an unfinished form. Please answer:",
    "flow.nothing_to_cancel": "There is nothing to cancel.",
    "flow.over": "That form was already sent or cancelled.",
    "flow.last_code": "Your latest report is {code}. See /my.",
    "nav.back": "⬅️ Back",
    "nav.cancel": "❌ Cancel",
    "nav.skip": "⏭ Skip",
    "nav.done": "✅ Done",
    "choice.yes": "✅ Yes",
    "choice.no": "❌ No",
    "choice.send": "📨 Send",
    "choice.edit": "✏️ Edit",
    "field.place": "Place",
    "field.photos": "Photos",
    "field.photos.ask": "📷 Send photos (one or several). When you are done, press «Done».",
    "photos.have": "{count} photo(s) so far.",
    "photos.got": "Photo {count} received. Send more, or press «Done».",
    "photos.count": "{count} photo(s)",
    "photos.none": "None",
    "place.got_location": "Location received.",
    "place.got_place": "Place noted.",
    "place.send_location": "📍 Send my location",
    "voice.placeholder": "🎤 (voice message)",
    "when.now": "🕐 Just now",
    "when.examples": "For example: 14:30, yesterday 20:00, 20/11 8:00, 20/11/2026.",
    "when.understood": "Time: {when}.",
    "minutes.value": "{minutes} min",
    "quick.whole_team": "👥 Whole team",
    "quick.me": "🙋 Me",
    "err.empty": "There is no text. Please type something.",
    "err.too_long": "That is too long ({detail} characters). At most {limit}; please shorten it.",
    "err.sticker": "Stickers can't be read. Please type.",
    "err.sticker_photo": "That is a sticker, not a photo. Send a photo, or press «Done».",
    "err.want_text": "This step needs typed text.",
    "err.want_photo": "This step takes photos only. Send one, or press «Done» to go back to the check.",
    "err.too_many_photos": "That is {limit} photos already. Press «Done» to go on.",
    "err.choice": "Sorry, I didn't get that. Press a button above or type a number from 1 to {count}.",
    "err.ambiguous": "Which one do you mean: {options}? Type its number.",
    "err.want_minutes": "Type a number of minutes, e.g. 5 or 15.",
    "err.invalid_date": "That date does not exist (e.g. 31/02). Please check it.",
    "err.invalid_time": "That time is not valid. Please check it.",
    "err.future": "That time is in the future.",
    "err.too_old": "That is more than a year ago.",
    "err.unrecognized": "I could not understand that time.",
    "err.out_of_range": "Minutes must be between 0 and 1440.",
    "err.end_before_start": "The end date is before the start date.",
    "tip": "tip",
    "tip.intro": "📝 New tip.",
    "tip.category.title": "Category",
    "tip.category.ask": "What is the tip about?",
    "tip.cat.drugs": "Drugs",
    "tip.cat.theft": "Theft, crime",
    "tip.cat.gambling": "Gambling, prostitution",
    "tip.cat.suspicious": "Suspicious person",
    "tip.cat.weapons": "Weapons, explosives",
    "tip.cat.fraud": "Online fraud",
    "tip.cat.border": "Illegal border crossing",
    "tip.cat.residence": "Residence (temporary stay/absence)",
    "tip.cat.business": "Licensed business",
    "tip.cat.other": "Other",
    "tip.description.title": "What was seen",
    "tip.description.ask": "What did you see or hear? Type it, or send a voice message.",
    "tip.place.ask": "Where? Press «📍 Send my location», or type the place.",
    "tip.urgent.title": "Urgency",
    "tip.urgent.ask": "Is it urgent?",
    "tip.urgent.yes": "🚨 Urgent",
    "tip.urgent.no": "Not urgent",
    "tip.source.title": "Source",
    "tip.source.ask": (
        "🔒 Who gave this tip (name, phone)? Only commune police can see it, privately; it "
        "never shows in the group. To leave it out, press «Skip»."
    ),
    "incident": "incident",
    "incident.intro": "⚠️ New incident.",
    "incident.type.title": "Type",
    "incident.type.ask": "What kind of incident?",
    "incident.type.fight": "Fight, disorder",
    "incident.type.theft": "Theft",
    "incident.type.traffic": "Traffic accident",
    "incident.type.fire": "Fire, explosion",
    "incident.type.rescue": "Rescue",
    "incident.type.dispute": "Dispute",
    "incident.type.other": "Other",
    "incident.when.title": "When",
    "incident.when.ask": "When did it happen? Press «Just now», or type: 14:30, yesterday 20:00.",
    "incident.place.ask": "Where did it happen? Press «📍 Send my location», or type the place.",
    "incident.description.title": "What happened",
    "incident.description.ask": "What happened? Type it, or send a voice message.",
    "incident.on_scene.title": "Team on scene promptly",
    "incident.on_scene.ask": "Was the team on scene promptly?",
    "incident.minutes.title": "On scene after",
    "incident.minutes.ask": "After how many minutes? Press or type the minutes.",
    "incident.action.title": "Outcome",
    "incident.action.ask": "What did the team do?",
    "incident.action.on_site": "Handled on site",
    "incident.action.to_police": "Handed to police",
    "incident.action.mediated": "Mediated",
    "incident.action.other": "Other",
    "incident.injuries.title": "Injuries",
    "incident.injuries.ask": "Was anyone injured?",
    "deed": "good deed",
    "deed.intro": "🌟 New good deed.",
    "deed.kind.title": "Kind",
    "deed.kind.ask": "What kind of good deed?",
    "deed.kind.danger": "Helped people in danger",
    "deed.kind.lost_property": "Returned lost property",
    "deed.kind.mediation": "Mediated a dispute",
    "deed.kind.firefighting": "Fought a fire",
    "deed.kind.rescue": "Rescue",
    "deed.kind.help_police": "Helped the police",
    "deed.kind.propaganda": "Awareness session",
    "deed.kind.other": "Other",
    "deed.description.title": "What was done",
    "deed.description.ask": "What was done? Type it, or send a voice message.",
    "deed.doers.title": "Done by",
    "deed.doers.ask": (
        "Who did it? Press «Whole team» or «Me»; or press each teammate, then «Done»; "
        "for people outside the team type their names (e.g. Hùng, Mrs Lục Thị Mai)."
    ),
    "deed.helped.title": "Helped",
    "deed.helped.ask": "Who was helped? (e.g. Mrs Nguyễn Thị Lan). To leave it out, press «Skip».",
    "followup": "follow-up",
    "followup.intro": "➕ Add to a report you sent.",
    "followup.entry.title": "Report",
    "followup.entry.ask": "Which report do you want to add to? Press it, or type its code.",
    "followup.addition.title": "Addition",
    "followup.addition.ask": "Type what to add to {code}, or send a photo or voice message.",
    "followup.saved": "✅ Added to {code}.",
    "followup.unknown": "No report {code} among the ones you sent.",
    "entry.needs_team": "Only members of a security team can send reports. Ask for a team invite.",
    "entry.saved": "✅ The {title} was sent.\nReference: {code}\nKeep it to look it up or add to it (/followup {code}).",
    "status.new": "Sent",
    "status.taken": "Taken by police",
    "status.handled": "Handled",
    "status.forwarded": "Forwarded to another commune",
    "my.header": "📋 Your {count} latest reports:",
    "my.line": "• {code} — {when}\n  {category} · {status}{extra}",
    "my.followups": " · {count} addition(s)",
    "my.empty": "You have not sent anything yet.",
    "my.add_button": "➕ Add to {code}",
    "my.team_button": "👥 Team's reports",
    "my.hint": "To add to one, press its button or type /followup <code>.",
    "team.leaders_only": "Only team leaders can see the team's reports.",
    "team.empty": "{team} has no reports yet.",
    "team.header": "👥 {team}'s {count} latest reports:",
    "fallback.unknown": "Sorry, I didn't understand that.",
    "fallback.edited": "Edited messages are not read. Please send it again as a new message.",
    "fallback.command": "There is no /{command} command.",
    "error.sorry": "Sorry, something went wrong. Please try again in a few minutes.",
    "admin.only": "This command is for admins only.",
    "admin.team_name": "Tổ bảo vệ ANTT {village}",
    "admin.unknown_commune": "No commune {ref}. See /org.",
    "admin.addcommune.usage": "Usage: /addcommune <official name of the commune or ward since 01/07/2025>, e.g. /addcommune Xã Hòa An (accents optional: /addcommune hoa an).",
    "admin.addcommune.exists": "{name} already exists.",
    "admin.addcommune.done": "Added {name} (id {ref}).",
    "admin.addvillage.usage": "Usage: /addvillage X3 <name>, e.g. /addvillage X3 Thôn Nà Cáp",
    "admin.addvillage.exists": "That commune already has {name}.",
    "admin.addvillage.done": "Added {village} ({commune}) and {team} (id {ref}).",
    "admin.org.empty": "No communes yet. Add one with /addcommune <name>.",
    "admin.org.header": "🏘 Organisation — {province}",
    "admin.org.linked": "police chat linked",
    "admin.org.unlinked": "no police chat",
    "admin.invite.usage": (
        "Usage: /invite T12 (member), /invite T12 leader, /invite X3 police (add a number of "
        "uses if needed, e.g. /invite X3 police 2, and officers to let the commune's officers "
        "approve too). Ids are in /org."
    ),
    "admin.invite.police_commune": "A police invite needs a commune id, e.g. /invite X3 police",
    "admin.invite.member_team": "A member invite needs a team id, e.g. /invite T12",
    "admin.invite.unknown": "{ref} not found. See /org.",
    "admin.invite.done": (
        "Invite for {role} — {place}:\n{link}\n\nCode: {code}\nExpires: {expires} · "
        "at most {uses} uses."
    ),
    "admin.invites.empty": "No invite codes are valid.",
    "admin.invites.header": "Valid invite codes:",
    "admin.invites.line": "• {code} — {role} ({where}) · used {used}/{uses} · expires {expires}",
    "admin.revoke.done": "Code {code} withdrawn.",
    "admin.revoke.unknown": "No valid code «{code}».",
    "admin.link.in_group": "Send this command inside the commune police group chat.",
    "admin.link.usage": "Usage (in the group): /linkgroup X3",
    "admin.link.done": "✅ This group is now the police chat of {commune}.",
    "admin.people.empty": "Nobody yet.",
    "admin.people.header": "👥 {count} people:",
    "admin.remove.usage": "Usage: /remove N45 (ids are in /people)",
    "admin.remove.self": "You cannot remove yourself.",
    "admin.remove.unknown": "No person {ref}.",
    "admin.remove.done": "Removed {name}. They can no longer use the bot.",
    # --- Police: alerts, triage, digests, reports (issue 3) ------------------------------------
    "menu.direct_tip": "📝 Direct tip",
    "menu.report": "📊 Report",
    "command.direct_tip": "Log a tip a resident gave the police directly",
    "command.report": "Results of the movement (week, month, year)",
    "command.digest": "The digest, now",
    "command.take": "Take an item: /take <code>",
    "command.handled": "Mark an item handled: /handled <code>",
    "command.forward": "Forward to another commune: /forward <code>",
    "command.source": "Receive a confidential source privately: /source <code>",
    "command.routine": "Routine items at once or only in the digest: /routine",
    "command.history": "Who did what: /history <code>",
    "entry.police_only": "Only commune police can log a direct tip.",
    "entry.police_direct_only": (
        "Commune police log tips residents give them with «📝 Direct tip» (/directtip). "
        "Incidents and good deeds are filed by the security teams."
    ),
    "direct_tip": "direct tip",
    "direct_tip.intro": "📝 Log a tip a resident gave the commune police directly.",
    "direct_tip.village.title": "Village",
    "direct_tip.village.ask": "Which village or residential group does this tip concern?",
    "direct_tip.village.none": "Not known / outside the commune",
    # Alerts in the police chat
    "alert.head.tip": "🚨 URGENT TIP · {code}",
    "alert.head.fire": "🔥 FIRE / EXPLOSION · {code}",
    "alert.head.rescue": "🆘 RESCUE NEEDED · {code}",
    "alert.head.injuries": "🚑 INCIDENT WITH INJURIES · {code}",
    "alert.category": "Type: {category}",
    "alert.occurred": "Happened: {when}",
    "alert.place": "Place: {place}",
    "alert.village": "Area: {village}, {commune}",
    "alert.no_village": "village not known",
    "alert.reporter": "Reported by: {name} ({team})",
    "alert.reporter_direct": "Logged by: {name} (commune police, told directly by a resident)",
    "alert.filed": "Sent: {when}",
    "alert.description": "What: {text}",
    "alert.response": "Injuries: {injuries} · Team: {scene} · Done: {action}",
    "alert.on_scene_after": "on scene after {minutes} minutes",
    "alert.not_on_scene": "not on scene in time",
    "alert.photos": "📷 {count} photo(s)",
    "alert.voices": "🎤 {count} voice note(s)",
    "alert.source_secret": (
        "Source: 🔒 confidential. Commune police press «Source» to receive it privately."
    ),
    "alert.source": "Source: {source}",
    "alert.status.new": "⏳ Nobody has taken it yet.",
    "alert.status.taken": "✋ Taken by {name}, {when}.",
    "alert.status.handled": "✅ Handled by {name}, {when}.",
    "alert.status.note": "Note: {note}",
    "alert.status.forwarded_in": "↪️ Forwarded here ({name}, {when}). Nobody has taken it yet.",
    "alert.status.forwarded_out": "↪️ Forwarded to {commune}: {name}, {when}.",
    "alert.button.take": "✋ Take",
    "alert.button.handled": "✅ Handled",
    "alert.button.forward": "↪️ Forward",
    "alert.button.source": "🔒 Source",
    "alert.sent": (
        "🚨 This is being passed to the commune police right now; if it cannot be, the bot "
        "will tell you."
    ),
    "alert.nobody": (
        "⚠️ This commune's police have no channel on the bot yet. If it is urgent, call the "
        "commune police or 113 now."
    ),
    # Police actions
    "police.not_allowed": "You may not handle this item: only the commune's police may.",
    "police.unknown_code": "No tip or incident has the code {code}.",
    "police.usage.take": "Usage: /take <code>, e.g. /take TB-2026-000012",
    "police.usage.handled": (
        "Usage: /handled <code> [note], e.g. /handled VV-2026-000007 settled. The note is sent "
        "to the reporter; start it with «nb:» to keep it internal."
    ),
    "police.usage.forward": "Usage: /forward <code> [commune id or name], e.g. /forward TB-2026-000012 X5",
    "police.usage.source": "Usage: /source <code>, e.g. /source TB-2026-000012",
    "police.usage.history": "Usage: /history <code>, e.g. /history TB-2026-000012",
    "police.taken": "✋ You took {code}.",
    "police.handled": "✅ {code} is recorded as handled.",
    "police.forwarded": "↪️ {code} was forwarded to {commune}.",
    "police.already.taken": "{code} was already taken by {name} at {when}. Nothing changed.",
    "police.already.handled": "{code} was already handled ({name}, {when}). Nothing changed.",
    "police.already.moved": "{code} is now with {commune}. Nothing changed.",
    "police.forward.ask": "Forward {code} to which commune or ward?",
    "police.forward.type": "Type /forward {code} <commune id or name>, e.g. /forward {code} X5.",
    "police.forward.none": "There is no other commune to forward to.",
    "police.forward.same": "This item is already with {commune}.",
    "police.forward.unknown": "No commune «{name}». See the ids in /org or type the exact name.",
    "police.source.text": (
        "🔒 Source of {code}: {source}\n\nConfidential: do not forward or share in groups."
    ),
    "police.source.sent": "🔒 The source of {code} was sent to you privately.",
    "police.source.none": "{code} has no recorded source.",
    "police.source.no_private": "Open a private chat with the bot (press /start) to receive sources.",
    "police.notice.taken": "✋ Your item {code} was taken by the commune police ({name}, {when}).",
    "police.notice.handled": "✅ Your item {code} was handled by the commune police ({when}). Thank you!",
    "police.notice.forwarded": "↪️ Your item {code} was forwarded to the police of {commune}.",
    "police.history.header": "🗂 History of {code}:",
    "police.history.filed": "• {when} — sent by {name}",
    "police.history.take": "• {when} — ✋ taken by {name}",
    "police.history.handle": "• {when} — ✅ handled by {name}",
    "police.history.forward": "• {when} — ↪️ forwarded to {commune} by {name}",
    "police.history.source": "• {when} — 🔒 source viewed by {name}",
    "police.history.now": "Now: {status}.",
    # Reports
    "report.only_police": "Only commune police and admins can see reports.",
    "report.not_yours": "You can only see your own commune's report.",
    "report.ask_period": (
        "📊 Report for {scope}: pick a period, or type one (e.g. october, quarter 3, 2025, "
        "01/01/2026-31/03/2026, phase D1)."
    ),
    "report.quick.week": "This week",
    "report.quick.month": "This month",
    "report.quick.ytd": "Year to date",
    "report.quick.year": "This year (with the report draft)",
    "report.quick.last_year": "Last year",
    "report.period_examples": (
        "Type a period such as: this week, this month, month 10, quarter 3, year to date, "
        "this year, 2025, 01/01/2026-31/03/2026."
    ),
    "report.phase_pick": "Which phase? Type /report phase <id>, e.g. /report phase D1. Phases:\n{phases}",
    "report.phase_none": "No emulation phase has been entered yet (admins add them with /addphase). Type the dates instead, e.g. /report 04/02/2026-19/08/2026.",
    "report.phase_line": "• {ref} · {name} ({start}–{end})",
    "report.period.phase": "{name} ({dates})",
    "report.title": "📊 REPORT: «ALL PEOPLE PROTECT NATIONAL SECURITY»",
    "report.title.plain": "Report: «All people protect national security» movement",
    "report.scope": "{scope} · {period}",
    "report.as_of": "Figures as of {when}.",
    "report.period.year": "year {year}",
    "report.period.month": "month {month}",
    "report.period.quarter": "quarter {quarter}/{year}",
    "report.period.week": "week {dates}",
    "report.period.ytd": "year to date ({dates})",
    "report.period.range": "{start}–{end}",
    "report.targets": "🎯 Targets",
    "report.ind.tips_through_force": "Tips through the grassroots force",
    "report.ind.incidents_on_scene": "Incidents with the team on scene in time",
    "report.ind.fire_rescue_present": "Fire and rescue with the force present",
    "report.ind.teams_monthly_deed": "Teams with a good deed every month",
    "report.ind.line": "{mark} {name}: {share} ({done}/{total}) — target {target}: {verdict}",
    "report.ind.none": "➖ {name}: no case yet — target {target}",
    "report.met": "met",
    "report.not_met": "not met",
    "report.teams_missing": "   Without a good deed in every month of the period ({months}): {names}",
    "report.and_more": " and {count} more",
    "report.counts": "📈 Counts",
    "report.count.tip": "Tips: {count}",
    "report.count.incident": "Incidents: {count}",
    "report.count.deed": "Good deeds: {count}",
    "report.trend.change": "({arrow} {change}; previous {before})",
    "report.trend.new": "(previous {before})",
    "report.direct": " — of which {count} given to the police directly",
    "report.previous": "Previous period: {period}.",
    "report.handling": "Tips and incidents: {handled} handled, {open} in progress ({new} not yet taken).",
    "report.empty": "Nothing was filed in this period.",
    "report.categories": "📂 By type",
    "report.cat.tip": "Tips: {items}",
    "report.cat.incident": "Incidents: {items}",
    "report.cat.deed": "Good deeds: {items}",
    "report.places": "🏘 By village",
    "report.places.province": "🏘 By commune",
    "report.places.country": "🏙 By province",
    "report.country": "The whole country",
    "report.place": "• {name}: {tips} tips · {incidents} incidents · {deeds} good deeds",
    "report.places_more": "… and {count} more (see the workbook).",
    "report.no_village": "Village not known",
    "report.files": "📎 The Excel workbook and the chart follow this message.",
    "report.files_annual": (
        "📎 The Excel workbook, the chart and the annual report draft (Word) follow this message."
    ),
    "report.chart_caption": "Chart: {scope} · {period}",
    "report.xlsx_caption": "Workbook {scope} · {period}: summary and every item.",
    "report.docx_caption": "Annual report draft {year}: check it, fill in the […] parts, then sign.",
    "report.xlsx_too_big": "The workbook is too large to send on Telegram ({size} MB). Pick a shorter period or one commune.",
    "report.failed": "Sorry, the report files could not be made. Please type /report again in a few minutes.",
    "chart.tip": "Tips",
    "chart.incident": "Incidents",
    "chart.deed": "Good deeds",
    "chart.count": "Count",
    "chart.empty": "Nothing filed",
    "chart.title": "{scope} · {period}",
    # Workbook
    "xlsx.yes": "Yes",
    "xlsx.no": "No",
    "xlsx.sheet.summary": "Summary",
    "xlsx.sheet.tip": "Tips",
    "xlsx.sheet.incident": "Incidents",
    "xlsx.sheet.deed": "Good deeds",
    "xlsx.col.code": "Code",
    "xlsx.col.created": "Sent",
    "xlsx.col.commune": "Commune",
    "xlsx.col.village": "Village",
    "xlsx.col.team": "Security team",
    "xlsx.col.reporter": "Sent by",
    "xlsx.col.category": "Type",
    "xlsx.col.description": "Description",
    "xlsx.col.place": "Place",
    "xlsx.col.lat": "Latitude",
    "xlsx.col.lon": "Longitude",
    "xlsx.col.source": "Came through",
    "xlsx.col.urgent": "Urgent",
    "xlsx.col.confidential": "Source confidential",
    "xlsx.col.occurred": "Happened",
    "xlsx.col.on_scene": "Team on scene in time",
    "xlsx.col.minutes": "On scene after (min)",
    "xlsx.col.action": "Team's action",
    "xlsx.col.injuries": "Injuries",
    "xlsx.col.doers": "Done by",
    "xlsx.col.helped": "Helped",
    "xlsx.col.photos": "Photos",
    "xlsx.col.status": "Status",
    "xlsx.col.updated": "Last updated",
    "xlsx.source.force": "Security team",
    "xlsx.source.direct": "Resident, directly",
    "xlsx.ind.name": "Target",
    "xlsx.ind.done": "Achieved",
    "xlsx.ind.total": "Out of",
    "xlsx.ind.share": "Share",
    "xlsx.ind.target": "Target",
    "xlsx.ind.result": "Result",
    "xlsx.ind.no_data": "No case",
    "xlsx.count.kind": "Kind",
    "xlsx.count.now": "This period",
    "xlsx.count.before": "Previous period",
    "xlsx.count.change": "Change",
    "xlsx.cat.kind": "Kind",
    "xlsx.cat.category": "Type",
    "xlsx.cat.count": "Count",
    "xlsx.place.village": "Village",
    "xlsx.place.commune": "Commune",
    "xlsx.place.total": "Total",
    # Digests
    "digest.title.daily": "📰 DAILY DIGEST {day} — {commune}",
    "digest.title.weekly": "📰 WEEKLY DIGEST {start}–{day} — {commune}",
    "digest.describe.daily": "Daily digest — {commune} ({date})",
    "digest.describe.weekly": "Weekly digest — {commune} ({date})",
    "digest.empty.daily": "{title}: nothing new in the last 24 hours.",
    "digest.empty.weekly": "{title}: nothing new in the last 7 days.",
    "digest.count.tip": "{count} tips",
    "digest.count.incident": "{count} incidents",
    "digest.count.deed": "{count} good deeds",
    "digest.by_village": "By village: {villages}",
    "digest.new": "🆕 NEW TIPS AND INCIDENTS",
    "digest.deeds": "🌟 NEW GOOD DEEDS",
    "digest.doers": "Done by: {doers}",
    "digest.overdue": "⏰ NOT HANDLED AFTER {hours} HOURS: {count}",
    "digest.overdue_line": "• {code} · {category} · {age} old · {status}",
    "digest.age_hours": "{hours} hours",
    "digest.age_days": "{days} days",
    "digest.no_deed": "📅 Teams without a good deed in {month}: {names}",
    "digest.quiet": "💤 Teams that sent nothing in {days} days: {names}",
    "digest.chart.daily": "{commune} · last {days} days",
    "digest.chart.weekly": "{commune} · last {days} days",
    "digest.now.usage": "Usage: /digest [week] [X3] — in the commune police group, or with a commune id.",
    "digest.schedule.usage": (
        "Usage (admins):\n/digestschedule X3 — show the commune's digest schedule\n"
        "/digestschedule X3 daily 07:00 — daily digest at 7 am\n"
        "/digestschedule X3 weekly mon 07:30 — weekly digest, Monday 7:30\n"
        "/digestschedule X3 daily off — no daily digest (likewise: weekly off)"
    ),
    "digest.schedule.show": "🗓 Digest schedule of {commune}:\n• Daily: {daily}\n• Weekly: {weekly}",
    "digest.schedule.off": "off",
    "digest.schedule.saved": "✅ Digest schedule saved.",
    "weekday.0": "Monday",
    "weekday.1": "Tuesday",
    "weekday.2": "Wednesday",
    "weekday.3": "Thursday",
    "weekday.4": "Friday",
    "weekday.5": "Saturday",
    "weekday.6": "Sunday",
    # Annual report draft (DOCX)
    "annual.unit_prefixes": "Commune|Ward|Township|Special zone|Province|City|Xã|Phường|Tỉnh",
    "annual.province_unit": "{name} Province",
    "annual.police_of": "Police of {unit}",
    "annual.ministry": "Ministry of Public Security",
    "annual.nation": "SOCIALIST REPUBLIC OF VIETNAM",
    "annual.motto": "Independence - Freedom - Happiness",
    "annual.number_commune": "No.:          /BC-CAX",
    "annual.number_province": "No.:          /BC-CAT",
    "annual.date_line": "{place}, date      month      {year}",
    "annual.title": "REPORT",
    "annual.subtitle": "Results of the emulation movement\n“All people protect national security” in {year}",
    "annual.preamble": (
        "Pursuant to Decision 2447/QĐ-TTg of 06/11/2025 of the Prime Minister on the plan for "
        "the emulation movement “All people protect national security” and the plan of the "
        "People's Committee of {province}, the {issuer} reports the results of the movement "
        "in {year} (figures from {start} to {end}) as follows:"
    ),
    "annual.s1": "I. RESULTS",
    "annual.s1.overview": (
        "{scope} has {teams} grassroots security teams. In the period the police received "
        "{tips} tips on security and order ({force} of them through the grassroots force), "
        "{incidents} incidents, and recorded {deeds} good deeds."
    ),
    "annual.s1.1": "1. Leadership, direction and roll-out",
    "annual.s1.1.placeholder": (
        "[Directives and plans issued; launch and promotion of the movement; the National "
        "Security Day (19/8); strengthening of the grassroots force …]"
    ),
    "annual.s1.2": "2. Targets",
    "annual.col.no": "No.",
    "annual.col.indicator": "Target",
    "annual.col.target": "Required",
    "annual.col.result": "Result",
    "annual.col.verdict": "Assessment",
    "annual.col.category": "Type",
    "annual.col.count": "Count",
    "annual.col.deed_kind": "Kind of good deed",
    "annual.col.village": "Village",
    "annual.col.commune": "Commune",
    "annual.col.team": "Team",
    "annual.col.place": "Area",
    "annual.col.person": "Name",
    "annual.col.unit": "Unit",
    "annual.col.achievement": "Summary of achievements",
    "annual.ind.tips_through_force": (
        "Share of tips residents gave the commune police through the grassroots force"
    ),
    "annual.ind.incidents_on_scene": (
        "Share of incidents where the grassroots force was on scene in time"
    ),
    "annual.ind.fire_rescue_present": (
        "Share of fire and rescue cases where the grassroots force was present in time"
    ),
    "annual.ind.teams_monthly_deed": "Share of teams with at least one good deed every month",
    "annual.target": "{target} or more",
    "annual.target_full": "{target}",
    "annual.result": "{share} ({done}/{total})",
    "annual.met": "Met",
    "annual.not_met": "Not met",
    "annual.no_case": "No case",
    "annual.no_case_verdict": "—",
    "annual.s1.3": "3. Tips received and incidents resolved",
    "annual.tips_by": "a) Tips on security and order: {count} in total, by field:",
    "annual.incidents_by": "b) Incidents: {count} in total, by type:",
    "annual.handling": (
        "At the time of reporting {handled} tips and incidents were handled; {pending} are "
        "being verified or resolved."
    ),
    "annual.s1.4": "4. “Good people, good deeds”",
    "annual.deeds": (
        "The grassroots force did {count} good deeds; {regular}/{teams} teams had a good deed "
        "in all {months} months of the period."
    ),
    "annual.s1.5": "5. Results by village",
    "annual.s1.5.province": "5. Results by commune",
    "annual.s2": "II. ASSESSMENT",
    "annual.s2.1": "1. Strengths",
    "annual.s2.2": "2. Shortcomings",
    "annual.s2.placeholder": "[The unit's own assessment and causes …]",
    "annual.strength.tips_through_force": (
        "{share} of tips came through the grassroots force, meeting the target."
    ),
    "annual.strength.incidents_on_scene": (
        "The grassroots force was on scene in time at {share} of incidents, meeting the target."
    ),
    "annual.strength.fire_rescue_present": (
        "The grassroots force took part in time in {share} of fire and rescue cases."
    ),
    "annual.strength.teams_monthly_deed": "{share} of teams kept up a good deed every month.",
    "annual.weakness.tips_through_force": (
        "Only {share} of tips came through the grassroots force; the target is {target}."
    ),
    "annual.weakness.incidents_on_scene": (
        "{missing} incidents without the force on scene in time ({share}; target {target})."
    ),
    "annual.weakness.fire_rescue_present": (
        "{missing} fire or rescue cases without the force present in time ({share}; target "
        "{target})."
    ),
    "annual.weakness.teams_monthly_deed": (
        "{missing} teams did not have a good deed in every month ({share}; target {target})."
    ),
    "annual.teams_missing": "Teams below target: {names}.",
    "annual.s3": "III. PROPOSED COMMENDATIONS",
    "annual.s3.intro": (
        "On the basis of the results in {year}, the following collectives and individuals "
        "are proposed for commendation:"
    ),
    "annual.s3.teams": "1. Collectives",
    "annual.s3.people": "2. Individuals",
    "annual.none_yet": "[No good deeds in the period to propose.]",
    "annual.summary.deeds": "Did {count} good deeds ({categories})",
    "annual.summary.months": "with good deeds in {months} months",
    "annual.summary.tips": "gave {count} tips on security and order",
    "annual.summary.incidents": "took part in {count} incidents, on scene in time at {on_scene}",
    "annual.summary.example": "Notably: {example}",
    "annual.s4": "IV. DIRECTIONS AND TASKS FOR {year}",
    "annual.s4.1": "Keep promoting the movement and mobilising residents to take part.",
    "annual.s4.2": (
        "Improve the teams' work: every team with a good deed every month, 80% or more of tips "
        "through the grassroots force."
    ),
    "annual.s4.3": (
        "Have the grassroots force on scene in time at every incident and every fire or rescue "
        "case when mobilised."
    ),
    "annual.s4.4": "Commend and spread the example of outstanding collectives and individuals.",
    "annual.closing": (
        "This is the report on the results of the movement “All people protect national "
        "security” in {year} of the {issuer}./."
    ),
    "annual.recipients": "Recipients:",
    "annual.recipients.commune": (
        "- {superior} (to report);\n- Party committee, People's Committee of {commune} "
        "(to report);\n- Archive."
    ),
    "annual.recipients.province": (
        "- Ministry of Public Security (to report);\n- People's Committee of {province} "
        "(to report);\n- Department of Home Affairs (Emulation and Commendation Board);\n"
        "- Archive."
    ),
    "annual.signer_commune": "HEAD OF {unit} POLICE",
    "annual.signer_province": "DIRECTOR",
    "annual.sign_hint": "(Signature, full name, seal)",
    "annual.signer_name": "[Full name]",
    # --- Calendar and reminders (issue 4) -----------------------------------------------------
    "menu.calendar": "📅 Calendar",
    "command.settings": "Reminder and language settings",
    "cal.deadline": "new deadline",
    "cal.deadline.intro": "📅 New deadline (for example a report due date). The bot reminds people before it.",
    "cal.deadline_edit": "deadline change",
    "cal.deadline_edit.intro": "✏️ Edit a deadline: press «Edit» to change an answer, «Send» to save.",
    "cal.phase": "new phase",
    "cal.phase.intro": "📅 New emulation phase. Leaders and commune police are reminded before its report date.",
    "cal.phase_edit": "phase change",
    "cal.phase_edit.intro": "✏️ Edit a phase: press «Edit» to change an answer, «Send» to save.",
    "cal.f.name.title": "Name",
    "cal.f.deadline_name.ask": "What is the deadline called? For example: Half-year review report",
    "cal.f.phase_name.ask": "Name of the phase? For example: Phase 2, 2026",
    "cal.f.due.title": "Due date",
    "cal.f.due.ask": "On which day is it due? Type day/month/year, e.g. 15/11/2026.",
    "cal.f.start.title": "Start",
    "cal.f.start.ask": "When does the phase start? Type day/month/year, e.g. 01/01/2026.",
    "cal.f.end.title": "End",
    "cal.f.end.ask": "When does the phase end? (day/month/year)",
    "cal.f.report_date.title": "Report due",
    "cal.f.report_date.ask": "When is the phase report due? (day/month/year)",
    "cal.f.scope.title": "Scope",
    "cal.f.scope.ask": "The whole province or one commune? Press a button or type the commune's name.",
    "cal.f.audience.title": "Reminded",
    "cal.f.audience.ask": "Whom to remind? Press to choose (again to drop), then «Done». Or type numbers, e.g. 1 3",
    "cal.f.report.title": "With what is missing",
    "cal.f.report.ask": "Is this a report deadline? If so, each leader is told what their team is still missing and the police chat which teams are behind.",
    "cal.audience.leaders": "Team leaders",
    "cal.audience.members": "All team members",
    "cal.audience.police": "Commune police chats",
    "cal.audience.admins": "Admins",
    "cal.scope.province": "Whole province ({province})",
    "cal.err.date_format": "Please type the date as day/month/year, e.g. 15/11/2026.",
    "cal.err.past": "{date} has passed. Please choose today or a later day.",
    "cal.err.end_before_start": "The end {end} is before the start {start}.",
    "cal.err.report_before_start": "The report date {report} is before the start {start}.",
    "cal.err.audience_empty": "Please choose at least one group to remind.",
    "cal.err.audience_typed": "I don't understand «{part}». Type numbers 1–4, e.g. 1 3",
    "cal.err.name_empty": "The name can't be empty.",
    "cal.err.name_long": "The name is too long (at most {limit} characters).",
    "cal.err.overlap": "It overlaps phase {ref} «{name}» ({start}–{end}, {scope}). A place has one phase at a time.",
    "cal.err.gone": "This item (or the chosen commune) no longer exists. See /calendar.",
    "cal.err.unknown_commune": "There is no commune «{name}». See the names in /org.",
    "cal.fix_hint": "Nothing was saved. Press «Edit» to fix it, or /cancel.",
    "cal.deadline.added": "✅ Deadline {ref} added:",
    "cal.deadline.changed": "✅ Deadline {ref} changed:",
    "cal.phase.added": "✅ Phase {ref} added:",
    "cal.phase.changed": "✅ Phase {ref} changed:",
    "cal.reminders_at": "⏰ Reminders at: {when}",
    "cal.no_reminders": "⏰ No reminder times left ahead.",
    "cal.list.header": "📅 Calendar — {province}",
    "cal.list.phases": "Phases:",
    "cal.list.no_phases": "No phase yet. Add one with /addphase",
    "cal.list.deadlines": "Upcoming deadlines:",
    "cal.list.no_deadlines": "No deadline yet. Add one with /adddeadline",
    "cal.list.phase": "{ref} · {name} · {start}–{end} · report {report} · {scope}",
    "cal.list.deadline": "{ref} · {name} · {date} · {scope} · reminds: {audience}",
    "cal.list.with_gaps": " · with what is missing",
    "cal.list.rules": "Reminders {offsets} days before, at {time}.",
    "cal.list.nudge": "Good-deed nudge: day {day} of each month at {time}, to teams with none that month.",
    "cal.list.commands": "Commands: /adddeadline · /editdeadline H1 · /removedeadline H1 · /addphase · /editphase D1 · /removephase D1 · /unreachable",
    "cal.usage.edit_deadline": "Usage: /editdeadline H5 (ids in /calendar)",
    "cal.usage.edit_phase": "Usage: /editphase D2 (ids in /calendar)",
    "cal.usage.remove_deadline": "Usage: /removedeadline H5 (ids in /calendar)",
    "cal.usage.remove_phase": "Usage: /removephase D2 (ids in /calendar)",
    "cal.unknown": "Nothing has the id {ref}. See /calendar.",
    "cal.remove.ask": "Remove {ref} «{name}»? Its reminders will stop.",
    "cal.remove.yes": "🗑 Remove",
    "cal.remove.no": "Keep it",
    "cal.remove.done": "Removed {ref} «{name}». Its reminders will not be sent.",
    "cal.remove.kept": "Kept as it is.",
    "cal.phase_report": "Report of {phase}",
    "cal.head": "⏰ {days} days left until: {name} ({date}).",
    "cal.head.tomorrow": "⏰ Due tomorrow ({date}): {name}.",
    "cal.head.today": "⏰ Due today ({date}): {name}.",
    "cal.scope_line": "Applies to: {commune}",
    "cal.months": "{months}/{year}",
    "cal.gap.header": "{team} is still missing:",
    "cal.gap.months": "• No good deed in months {months}",
    "cal.gap.incidents": "• {count} incident(s) without a recorded outcome: {codes}",
    "cal.gap.footer": "Log a good deed: press 🌟 Good deed (/gooddeed). Add an incident's outcome: /followup <code>.",
    "cal.gap.none": "✅ {team} is complete: a good deed every month, an outcome for every incident.",
    "cal.police.no_teams": "The commune has no security team in the system yet.",
    "cal.police.behind": "{behind}/{total} teams are behind:",
    "cal.police.team": "• {team}: {gaps}",
    "cal.police.months": "{count} month(s) without a good deed ({months})",
    "cal.police.incidents": "{count} incident(s) without an outcome",
    "cal.police.all_good": "✅ All {total} teams have a good deed every month and an outcome for every incident.",
    "cal.police.backlog": "📥 {count} report(s) of the commune in this period are not yet handled by police.",
    "cal.nudge": "🌟 Your team has no good deed logged for {month}/{year} yet. Every security team needs at least one good deed a month. If you have one, press 🌟 Good deed (or type /gooddeed).",
    "cal.mute_hint": "Don't want this kind of reminder? Type /settings.",
    "cal.skipped.header": "⚠️ The bot was down when these reminders were due; they were too late to send and were skipped:",
    "cal.skipped.line": "• {what} — due at {when}",
    "cal.describe": "Reminder «{name}» ({date}), {days} days before",
    "cal.describe_nudge": "Good-deed nudge for {month}/{year}",
    "settings.header": "⚙️ Your settings",
    "settings.reminders": "🔔 Optional reminders (good-deed nudges, deadline reminders to members): {state}",
    "settings.on": "on",
    "settings.off": "off",
    "settings.leader_note": "Report deadline reminders to leaders are always sent.",
    "settings.language": "🌐 Language: {language}",
    "settings.mute_button": "🔕 Mute reminders",
    "settings.unmute_button": "🔔 Turn reminders on",
    "settings.muted": "🔕 Optional reminders are off.",
    "settings.unmuted": "🔔 Reminders are on again.",
    "settings.always": "The reminders you get are required and can't be muted.",
    "settings.language_set": "🌐 Switched to English.",
    "language.name": "English",
    "reach.none": "✅ Everyone is receiving the bot's messages.",
    "reach.header": "📵 {count} people can't receive messages (blocked the bot or deleted the account):",
    "reach.line": "• {ref} · {name} · {role} · {where} · {channel} · since {since}",
    "reach.hint": "Please contact them directly so they open the chat with the bot again (Unblock or /start).",
    # --- Zalo (issue 6) -------------------------------------------------------------------------
    "channel.telegram": "Telegram",
    "channel.zalo": "Zalo",
    "invite.on_telegram": "Telegram: {link}",
    "invite.on_zalo": "Zalo: find «{bot}» and send the code {code}",
    "link.hint": (
        "If you already use this bot on {other}, type /link there to get a link code, "
        "then type the code here."
    ),
    "link.offer": (
        "🔗 Your link code: {code}\nIt works once, for {minutes} minutes.\n\n{how}\n\n"
        "Do not give this code to anyone: whoever has it can use your account."
    ),
    "link.how.telegram": "On Telegram, open: {link}\nor send the bot: /link {code}",
    "link.how.zalo": "On Zalo, find «{bot}» and send: /link {code}",
    "link.single_channel": "The bot runs only on {channel} for now: there is nothing to link.",
    "link.done": (
        "✅ This {channel} account is now linked to {name}. Your reports, role and reminders "
        "are the same in every app."
    ),
    "link.notice": (
        "🔗 The {channel} account «{account}» was just linked to you. If that was not you, "
        "tell an admin at once."
    ),
    "link.not_found": "That code is not valid. Type /link in the app you used to get a new one.",
    "link.expired": "That link code has expired. Type /link in the app you used to get a new one.",
    "link.used": "That link code was already used.",
    "link.same_channel": (
        "Type this code in the other app: a code from Telegram goes into Zalo, and the other "
        "way round."
    ),
    "link.already": "This account is already linked.",
    "link.taken": (
        "This account is registered to someone else in the bot. Ask an admin to remove that "
        "registration (/remove), then link again."
    ),
    "zalo.answer.one": "👉 Reply 1.",
    "zalo.answer.few": "👉 Reply {numbers} or {last}.",
    "zalo.answer.many": "👉 Reply with a number from 1 to {count}.",
    "zalo.nav": "{label}: type {typed}",
    "zalo.menu": "👉 Type a number or a name: {items}",
    "zalo.photos_elsewhere": "🖼 {count} photo(s) attached (Zalo can't show them here; they are kept on the server).",
    "zalo.files_elsewhere": "📎 Attached files ({names}) can't be sent on Zalo. To get them, open the bot on Telegram (type /link to use the same account).",
    "zalo.location": "📍 Location: {link}",
    "zalo.unsupported": (
        "Zalo doesn't let the bot see this kind of message (file, video, location…). "
        "Please type, or send a photo."
    ),
    "zalo.media_failed": "I could not download what you sent. Please send it again.",
    "zalo.media_too_large": "That file is too large (at most {limit} MB). Please send a smaller photo.",
    # Zalo has no buttons: the same questions, worded for typing.
    "join.how@zalo": (
        "Hello! This is the reporting channel of the grassroots security teams.\n\n"
        "To join you need an 8-character invite code from the commune police or your team "
        "leader. Type the code here."
    ),
    "help.member@zalo": (
        "You can:\n"
        "📝 Tip (/tip) — pass on what residents tell you about security and order\n"
        "⚠️ Incident (/incident) — report something that happened and what the team did\n"
        "🌟 Good deed (/gooddeed) — record a good deed\n"
        "📋 Mine (/my) — see what you sent and add to it\n"
        "\nSomething to report? Just type it here and the bot asks the rest. "
        "Each question has numbered choices: type the number or the words. "
        "Type 0 to go back, /cancel to cancel."
    ),
    "help.leader@zalo": (
        "You can:\n"
        "📝 Tip (/tip) — pass on what residents tell you about security and order\n"
        "⚠️ Incident (/incident) — report something that happened and what the team did\n"
        "🌟 Good deed (/gooddeed) — record a good deed\n"
        "📋 Mine (/my) — see what you sent and add to it\n"
        "👥 /team — see your team's reports\n"
        "\nSomething to report? Just type it here and the bot asks the rest. "
        "Each question has numbered choices: type the number or the words. "
        "Type 0 to go back, /cancel to cancel."
    ),
    "help.police@zalo": (
        "You are commune police. Every new item of your commune is posted in the commune's "
        "police group on Zalo; while the commune has no group it is sent to you on Zalo. An "
        "urgent one nobody takes is sent again.\n"
        "Each item has a number: answer «take 12» to take it, «done 12» (a note may follow) once "
        "handled. In the group, use «Reply» on the bot's message, or type @bot name first.\n"
        "/take <code> — take it; /handled <code> <note> — handled (the note goes to the "
        "reporter unless it starts with «nb:»)\n"
        "/routine now | digest — routine items at once, or only in the digest\n"
        "/help — this help"
    ),
    "help.body@zalo": "Type one of the items below to start.",
    "flow.summary@zalo": "Please check the {title}:\n\n{lines}\n\nIf it is right, answer 1 to send.",
    "field.photos.ask@zalo": "📷 Send photos (one or several). When you are done, type «done».",
    "err.sticker_photo@zalo": "That is a sticker, not a photo. Send a photo, or type «done».",
    "err.want_photo@zalo": "This step takes photos only. Send one, or type «done» to go back to the check.",
    "err.too_many_photos@zalo": "That is {limit} photos already. Type «done» to go on.",
    "err.choice@zalo": "Sorry, I didn't get that. Type a number from 1 to {count} (the choices are above).",
    "tip.place.ask@zalo": "Where? Type the place, or paste a Google Maps link to it.",
    "incident.place.ask@zalo": (
        "Where did it happen? Type the place, or paste a Google Maps link to it."
    ),
    "tip.source.ask@zalo": (
        "🔒 Who gave this tip (name, phone)? Only commune police can see it, privately; it "
        "never shows in the group. To leave it out, type «skip»."
    ),
    "incident.when.ask@zalo": (
        "When did it happen? Reply 1 if just now, or type: 14:30, yesterday 20:00."
    ),
    "incident.minutes.ask@zalo": "After how many minutes? Type the minutes, e.g. 15.",
    "deed.doers.ask@zalo": (
        "Who did it? Reply 1 (whole team) or 2 (me); or type each teammate's number, then "
        "«done»; for people outside the team type their names (e.g. Hùng, Mrs Lục Thị Mai)."
    ),
    "deed.helped.ask@zalo": "Who was helped? (e.g. Mrs Nguyễn Thị Lan). To leave it out, type «skip».",
    "followup.entry.ask@zalo": "Which report do you want to add to? Type its number or its code.",
    "my.hint@zalo": "To add to a report, type the command shown below it.",
    # --- Trust: audit, data care (issue 5) ------------------------------------------------------
    # --- Real names (issue 10 §3) ------------------------------------------------------------
    "name": "full name",
    "name.intro": "✍️ Full name",
    "name.title": "Full name",
    "name.ask": (
        "What is your full name? It shows in reports, commendation lists and when you take "
        "an item. Press «{name}» if that is right, or type your full name (e.g. Nguyễn Thị Lan)."
    ),
    "name.ask@zalo": (
        "What is your full name? It shows in reports, commendation lists and when you take "
        "an item. Reply 1 if «{name}» is right, or type your full name (e.g. Nguyễn Thị Lan)."
    ),
    "name.ask_plain": (
        "What is your full name? It shows in reports, commendation lists and when you take "
        "an item. Type your full name (e.g. Nguyễn Thị Lan)."
    ),
    "name.keep": "✔️ {name}",
    "name.saved": "✅ Full name saved: {name}. To change it, type /settings.",
    "name.corrected": (
        "✏️ An admin corrected your full name to «{name}». If it is not right, change it in "
        "/settings."
    ),
    "err.name_chars": "A name has letters only, no digits or symbols. E.g. Nguyễn Thị Lan.",
    "err.name_long": (
        "That name is too long (at most {limit} characters, 7 words). Type your full name, e.g. "
        "Nguyễn Thị Lan."
    ),
    "settings.name": "👤 Full name: {name}",
    "settings.name_button": "✏️ Change my name",
    "admin.rename.usage": "Usage: /rename N45 <full name>, e.g. /rename N45 Nguyễn Thị Lan (ids in /people)",
    "admin.rename.done": "✅ Name of {ref} corrected: {old} → {name}.",
    "admin.people.unnamed": " (full name not confirmed)",
    "admin.people.hint": "Correct a name: /rename N45 <full name>",
    "deed.doers.pick": "▫️ {name}",
    "deed.doers.picked": "☑️ {name}",
    "deed.doers.so_far": "Picked: {names}. Pick more, or press «Done».",
    "deed.doers.so_far@zalo": "Picked: {names}. Type more numbers, or «done».",
    "deed.doers.team": "Whole team ({count} people): {names}",
    "err.doers_none": "Nobody picked yet. Press «Me», «Whole team» or who did it, or type names.",
    "err.doers_none@zalo": "Nobody picked yet. Reply 1 (whole team), 2 (me), a teammate's number, or type names.",
    # --- Invites are bearer keys: approval of police and admin joins (issue 11 §11) -------------
    "join.pending": "You opened an invite and are waiting for approval. You will be told at once.",
    "join.waiting": (
        "⏳ Your request to join as {role} — {place} is waiting for approval. Until then the "
        "bot sends you nothing; you will be told as soon as it is decided."
    ),
    "join.account": "{channel}, id {id}",
    "join.request": (
        "🔐 Join request {ref}\n{name} ({account}) opened an invite for {role} — {place} "
        "(code {code}, used {used}/{uses}).\n\nThey receive nothing until approved. If you did "
        "not hand this code to this very person, refuse.\nMay approve: {approvers}."
    ),
    "join.approvers.none": "no approval needed",
    "join.approvers.admin": "admins",
    "join.approvers.police": "admins, or the commune's police officers",
    "join.button.approve": "✅ Approve {name}",
    "join.button.refuse": "❌ Refuse",
    "join.joined": (
        "🔔 {name} ({account}) joined {place} as {role} (person {ref}) with invite {code}, "
        "used {used}/{uses}. If that is not the right person, type /remove {ref}."
    ),
    "join.refused": (
        "Your request to join {place} was not accepted. If this is a mistake, contact whoever "
        "gave you the invite."
    ),
    "join.decide.approved": "✅ Approved {name} ({account}) — {place}.",
    "join.decide.refused": "❌ Refused {name} ({account}) — {place}.",
    "join.decide.denied": "You may not decide request {ref} (or there is no such request).",
    "join.told.approved": "ℹ️ {by} approved {name} ({account}) — {place}.",
    "join.told.refused": "ℹ️ {by} refused {name} ({account}) — {place}.",
    "join.already.approved": "Request {ref} ({name}) was already approved by {by} at {at}.",
    "join.already.refused": "Request {ref} ({name}) was already refused by {by} at {at}.",
    "join.usage": "Usage: /approve Y5 or /refuse Y5 (see /pending).",
    "join.only": "Only admins (or the commune officers allowed to) can see join requests.",
    "join.open.none": "No join requests are waiting.",
    "join.open.header": "🔐 {count} join requests waiting:",
    "join.open.line": "• {ref} · {name} ({account}) · {role} — {commune} · {at}",
    "join.open.hint": "Approve: /approve Y5 · Refuse: /refuse Y5",
    "admin.invite.approval.admin": (
        "🔐 Whoever opens this code waits for an admin's approval: you will get their name and "
        "account with an «Approve» button. Never post it in a group chat: whoever has it can open it."
    ),
    "admin.invite.approval.police": (
        "🔐 Whoever opens this code waits for the approval of an admin or one of the commune's "
        "officers. Never post it in a group chat: whoever has it can open it."
    ),
    "admin.invites.approval": " · needs approval",
    "sources.header": "🔒 CONFIDENTIAL SOURCES VIEWED — 24 hours to {at}: {count}",
    "sources.line": "• {at} · {name} ({commune}) · {code}",
    "sources.more": "… and {count} more (all of them: antt-bot audit --action view).",
    "sources.describe": "List of confidential sources viewed on {date}",
    # --- Reports, targets, official map (issue 10 §4–7, reports) --------------------------------
    "admin.addcommune.done_official": "✅ Added {name}, id {ref} (official code {code}). Next: /addvillage {ref} <village name>.",
    "admin.addcommune.pick": "«{name}» matches several units of {province}. Pick the one to add:",
    "admin.addcommune.unknown": "There is no «{name}» among the communes and wards of {province} (since 01/07/2025). Type its name, e.g. /addcommune {example}.",
    "admin.addcommune.unknown_close": "There is no «{name}» among the communes and wards of {province} (since 01/07/2025). Did you mean: {close}? Type it again, e.g. /addcommune {example}.",
    "report.months": "{months}/{year}",
    "report.ind.in_progress": "⏳ {name}: {month} under way — target {target}",
    "report.months_judged": "   Months judged: {months}.",
    "report.months_none": "   No month has ended yet to judge.",
    "report.month_running": "   {month} under way: {started}/{teams} teams have a good deed.",
    "report.in_progress": "under way",
    "report.response.title": "⏱ How fast commune police responded to the period's tips and incidents:",
    "report.response.take": "• Taken: median {median}, 90% within {p90} ({count} reports)",
    "report.response.handle": "• Handled: median {median}, 90% within {p90} ({count} reports)",
    "report.response.none": "⏱ No tip or incident of the period has been taken by commune police yet.",
    "report.response.by_commune": "Each commune: see the workbook.",
    "dur.lt_minute": "under 1 minute",
    "dur.minutes": "{m} min",
    "dur.hours": "{h} h",
    "dur.hours_minutes": "{h} h {m} min",
    "dur.days": "{d} days",
    "dur.days_hours": "{d} days {h} h",
    "xlsx.months_judged": "Months judged (monthly good deed target): {months}",
    "xlsx.months_none": "Monthly good deed target: no month has ended yet to judge.",
    "xlsx.month_running": "{month} under way: {started}/{teams} teams have a good deed.",
    "xlsx.response.title": "Commune police response times (tips and incidents of the period; h:mm)",
    "xlsx.response.place": "Commune, ward",
    "xlsx.response.taken": "Taken",
    "xlsx.response.take_median": "Median to take",
    "xlsx.response.take_p90": "90% taken within",
    "xlsx.response.handled": "Handled",
    "xlsx.response.handle_median": "Median to handle",
    "xlsx.response.handle_p90": "90% handled within",
    "xlsx.col.taken_by": "Taken by",
    "xlsx.col.taken_at": "Taken at",
    "xlsx.col.handled_at": "Handled at",
    "xlsx.col.note": "Officer's note",
    "annual.response": (
        "Commune police took {taken} tips and incidents, median after {take_median} (90% within "
        "{take_p90}); handled {handled}, median after {handle_median} (90% within {handle_p90}), "
        "counted from when each was sent."
    ),
    "annual.response.none": "No tip or incident of the period has been taken by commune police in the system.",
    "annual.response.by_commune": "Response times by commune and ward:",
    "annual.col.taken": "Taken",
    "annual.col.take_median": "Median to take",
    "annual.col.take_p90": "90% taken within",
    "annual.col.handled": "Handled",
    "annual.col.handle_median": "Median to handle",
    "annual.tips_none": "a) Security and order tips: none in the period.",
    "annual.incidents_none": "b) Security and order incidents: none in the period.",
    "annual.deeds_none": "No good deed of the grassroots security force was recorded in the period.",
    "annual.deeds_running": (
        "The grassroots security force did {count} good deeds; {month} is under way, so the "
        "monthly good deed target is not judged yet."
    ),
    "annual.months_judged": "Months judged: {months}.",
    "annual.month_running": "{month} is under way and not judged yet.",
    "annual.in_progress": "Under way",
    "annual.in_progress_result": "{month} not over yet",
    "annual.none_regular": "[No team had a good deed in every month judged.]",
    "cal.head.past": "⏰ The deadline has passed ({date}): {name}.",
    # --- Web workspace (issue 12) -------------------------------------------------------------
    "menu.web": "🖥 Workspace",
    "web.only_staff": "The web workspace is for commune police, team leaders and admins.",
    "web.off": "The web workspace is not switched on on this server.",
    "web.link": (
        "🖥 {name}, here is your sign-in link to the workspace (works once, for {minutes} minutes):\n"
        "{link}\n\n"
        "Do not pass it on. Type /web thoat to sign out of every browser."
    ),
    "web.in_group": "🖥 Open the workspace right in Telegram: {link}\n(Browser sign-in links are only given in a private chat: type /web there.)",
    "web.private_only": "To stay safe, sign-in links are only given in a private chat: send /web to the bot.",
    "web.button.miniapp": "🖥 Open in Telegram",
    "web.button.browser": "🌐 Open in the browser",
    "web.signed_in": (
        "🔐 You signed in on a browser ({browser}) at {when}.\n"
        "If this was not you, type /web thoat now."
    ),
    "web.signed_out": "Signed out of {count} browser sessions. Sign-in links not yet used stop working too.",
    "web.title": "ANTT workspace",
    "web.brand": "🛡 ANTT",
    "web.nav.inbox": "To handle",
    "web.nav.map": "Map",
    "web.nav.reports": "Reports",
    "web.nav.team": "My team",
    "web.nav.org": "Organisation",
    "web.sign_out": "Sign out",
    "web.login.title": "Sign in to the workspace",
    "web.login.text": "Press the button below to open the workspace in this browser.",
    "web.login.button": "Open the workspace",
    "web.link_unknown": "This sign-in link is not right. Type /web in the chat with the bot for a new one.",
    "web.link_used": "This sign-in link was already used. Each link works once: type /web in the chat for a new one.",
    "web.link_expired": "This sign-in link has expired (10 minutes). Type /web in the chat for a new one.",
    "web.link_refused": "This account may no longer use the workspace.",
    "web.miniapp.wait": "Signing in through Telegram…",
    "web.miniapp.noscript": "Open this page from the button in Telegram, or type /web for a sign-in link.",
    "web.miniapp_refused": "Telegram's sign-in data could not be confirmed. Open it again from the button in the chat, or type /web for a link.",
    "web.signed_out_page": "You are not signed in, or your session has ended. Type /web in the chat with the bot for a new sign-in link.",
    "web.signed_out_here": "Signed out on this browser.",
    "web.forbidden": "You may not see this page.",
    "web.not_your_commune": "This entry is not your commune's: you may not see it.",
    "web.police_only": "This page is for commune police and admins.",
    "web.not_found": "No such page or entry.",
    "web.csrf": "Refused: the session's confirmation code was missing. Reload the page and try again.",
    "web.ago.minutes": "{n} min ago",
    "web.ago.hours": "{n} h ago",
    "web.ago.days": "{n} days ago",
    "web.kind.tip": "Tip",
    "web.kind.incident": "Incident",
    "web.kind.deed": "Good deed",
    "web.urgent": "Urgent",
    "web.status.open": "Not yet handled",
    "web.status.new": "New",
    "web.status.taken": "Taken",
    "web.status.forwarded": "Forwarded here",
    "web.status.handled": "Handled",
    "web.status.all": "Any status",
    "web.quick.week": "This week",
    "web.quick.month": "This month",
    "web.quick.ytd": "Year to date",
    "web.quick.year": "This year",
    "web.quick.last_year": "Last year",
    "web.inbox.title": "Tips and incidents",
    "web.inbox.search": "Search by code (TB-2026-12) or words, accents optional",
    "web.inbox.total": "{count} entries",
    "web.inbox.total_more": "More than {count} entries (narrow the filters to see them all)",
    "web.inbox.empty": "Nothing here.",
    "web.inbox.older": "Next page →",
    "web.inbox.newest": "← Newest",
    "web.filter.kind": "Kind",
    "web.filter.all_kinds": "All kinds",
    "web.filter.status": "Status",
    "web.filter.commune": "Commune",
    "web.filter.all_communes": "All communes",
    "web.filter.village": "Village",
    "web.filter.all_villages": "All villages",
    "web.filter.period": "Period",
    "web.filter.any_time": "Any time",
    "web.filter.dates": "Or type: tháng 10, 01/01/2026-31/03/2026",
    "web.filter.urgent": "Urgent only",
    "web.filter.apply": "Filter",
    "web.entry.category": "Category",
    "web.entry.village": "Village, commune",
    "web.entry.team": "Team",
    "web.entry.reporter": "Filed by",
    "web.entry.direct": "a resident told the police directly",
    "web.entry.filed": "Filed",
    "web.entry.occurred": "Happened",
    "web.entry.place": "Place",
    "web.entry.description": "What was reported",
    "web.entry.injuries": "Injuries",
    "web.entry.on_scene": "Team on scene",
    "web.entry.action": "Team's action",
    "web.entry.doers": "Done by",
    "web.entry.helped": "Helped",
    "web.entry.source": "Source",
    "web.entry.source_secret": "🔒 Confidential",
    "web.entry.show_source": "Show the source",
    "web.entry.source_logged": "Viewing the source is recorded.",
    "web.entry.photos": "Photos ({count})",
    "web.entry.photo": "Photo {n}",
    "web.entry.map": "Location",
    "web.entry.no_location": "No location was shared: the map shows the commune's centre.",
    "web.entry.actions": "Handle",
    "web.entry.note": "Note when handled (optional)",
    "web.entry.forward_to": "Forward to commune",
    "web.entry.followups": "Follow-ups",
    "web.entry.history": "History",
    "web.history.filed": "filed by {name}",
    "web.history.take": "✋ taken by {name}",
    "web.history.handle": "✅ handled by {name}",
    "web.history.forward": "↪️ forwarded to {commune} by {name}",
    "web.history.source": "🔒 source viewed by {name}",
    "web.map.title": "Map of tips and incidents",
    "web.map.loading": "Loading the points…",
    "web.map.empty": "No entry with a location in this period.",
    "web.map.count": "{n} points with a location.",
    "web.map.capped": "(only the newest {n} are drawn)",
    "web.map.open": "open",
    "web.map.noscript": "The map needs JavaScript. The list is under «To handle».",
    "web.reports.province": "Whole province",
    "web.reports.typed": "Or type a period: quý 3, 2025, 01/01/2026-31/03/2026",
    "web.reports.chart": "Chart of entries over time",
    "web.reports.xlsx": "Excel workbook",
    "web.reports.docx": "Annual report draft (Word)",
    "web.team.months": "Good deeds by month (this year)",
    "web.team.met": "good deed logged",
    "web.team.missing": "none yet",
    "web.team.entries": "Team's entries ({count})",
    "web.org.tree": "Communes, villages and teams",
    "web.org.add": "Add village",
    "web.org.village_name": "New village or residential group",
    "web.org.commune_name": "New commune or ward",
    "web.org.add_commune": "Add commune",
    "web.org.commune_added": "Added {name} ({ref}).",
    "web.org.village_added": "Added {village} and {team} ({ref}).",
    "web.org.village_usage": "Choose a commune and type the village's name.",
    "web.org.invites": "Invites",
    "web.org.role": "Role",
    "web.org.team": "Team (members, leaders)",
    "web.org.commune_for_police": "Commune (police)",
    "web.org.create_invite": "Create invite",
    "web.org.invite_hint": "Members and leaders join the chosen team; police the chosen commune.",
    "web.org.invite_added": "Invite {code} created: {role}, {place}; valid until {expires}, up to {uses} people.",
    "web.org.revoke": "Revoke",
    "web.org.people": "People ({count})",
    "web.org.remove": "Remove",
    "web.org.calendar": "Calendar: phases and deadlines",
    "web.org.report_due": "report {date}",
    "web.org.deadline_name": "New deadline's name",
    "web.org.deadline_date": "Deadline date",
    "web.org.date_usage": "The date must be dd/mm/yyyy, e.g. 15/11/2026.",
    "web.org.report_reminder": "Remind what is missing",
    "web.org.add_deadline": "Add deadline",
    "web.org.phase_name": "New phase's name",
    "web.org.phase_start": "From (dd/mm/yyyy)",
    "web.org.phase_end": "To",
    "web.org.phase_report": "Report date",
    "web.org.add_phase": "Add phase",
    "web.audience.leaders": "Team leaders",
    "web.audience.members": "All members",
    "web.audience.police": "Police chats",
    "web.audience.admins": "Admins",
    "alert.web": "🖥 Handle it in the workspace: {url}",
    "digest.web": "🖥 See and handle: {url}",
    # --- Police see every tip in time (issue 10 §4) -------------------------------------------
    "alert.head.routine.tip": "📝 TIP · {code}",
    "alert.head.routine.incident": "⚠️ INCIDENT · {code}",
    "alert.head.routine.deed": "🌟 GOOD DEED · {code}",
    "alert.doers": "Done by: {doers}",
    "alert.helped": "Helped: {helped}",
    "alert.status.note_shared": "Note (sent to the reporter): {note}",
    "alert.sent_quiet": "📨 This is being sent to the commune police.",
    "alert.in_digest": (
        "🗞 The commune police will see this in their digest at {time} on {date}. If it is "
        "urgent, call the commune police or 113 now."
    ),
    "alert.nobody_routine": (
        "⚠️ This commune's police have no channel on the bot yet; your report is saved. If it "
        "is urgent, call the commune police or 113."
    ),
    "escalate.lead.1": "⏰ REMINDER: urgent item nobody has taken after {minutes} minutes.",
    "escalate.lead.2": (
        "⏰ Urgent item of {commune} nobody has taken after {minutes} minutes — sent to each "
        "officer."
    ),
    "escalate.lead.3": (
        "⏰ FOR ADMINS: urgent item of {commune} no officer has taken after {minutes} minutes."
    ),
    "escalate.describe": "Urgent item {code}, step {step}",
    "untaken.head": "⏰ NOT TAKEN AFTER {hours} WORKING HOURS — {commune}: {count} item(s)",
    "untaken.line": "• {code} · {category} · {village} · sent {when}",
    "untaken.hint": "Press a button to take one, or type /take <code>.",
    "untaken.hint@zalo": "To take one, type /take <code>.",
    "untaken.take": "✋ {code}",
    "untaken.admin_head": "⏰ {count} item(s) not taken by commune police after {hours} working hours:",
    "untaken.admin_line": "• {commune} ({count}): {codes}",
    "untaken.admin_hint": "See one: /history <code>.",
    "untaken.describe": "Items not taken ({when})",
    "digest.take_hint": "👉 To take one, type /take <code>; details: /history <code>.",
    "police.note.shared": "📨 The note was sent to the reporter.",
    "police.note.internal": "🔒 The note is kept internal, not sent to the reporter.",
    "police.note.kept": "The note is saved (no reporter to send it to).",
    "police.note.too_long": "The note is {length} characters; at most {limit}. Please shorten it.",
    "police.notice.handled_note": (
        "✅ Your item {code} was handled by the commune police ({when}).\n"
        "The commune police say: {note}\nThank you!"
    ),
    "police.history.note_shared": "(sent to the reporter)",
    "police.routine.show": "Routine (not urgent) items of {commune}:",
    "police.routine.saved": "✅ Saved how {commune} gets routine items:",
    "police.routine.now": "📨 posted at once, without a sound (urgent ones always ring).",
    "police.routine.digest": (
        "🗞 only in the digest; the next one is at {time} on {date}. Urgent items are still "
        "posted at once, with a sound."
    ),
    "police.routine.no_digest": (
        "🗞 only in the digest — but this commune has no digest scheduled (/digestschedule) "
        "or no chat that gets it, so routine items are still posted at once."
    ),
    "police.routine.not_yours": "You can only change this for your own commune.",
    "police.routine.usage": (
        "Change: /routine now (at once, silently) or /routine digest (digest only). Admins add "
        "the commune: /routine X3 digest."
    ),
    # --- First tip in five inputs; the language is the person's choice (issue 10) -----
    "nav.typed.done": "done",
    "nav.typed.skip": "skip",
    "nav.typed.back": "0",
    "nav.typed.cancel": "/cancel",
    "flow.cancel_ask": "Cancel the {title} you are writing? What you entered will be lost.",
    "flow.cancel_yes": "🗑 Yes, cancel",
    "flow.cancel_no": "↩️ No, go on",
    "photos.offer": "📷 Add photos",
    "photos.offer_more": "📷 Add photos ({count} so far)",
    "photos.got@zalo": "Photo {count} received. Send more, or type «done».",
    "photos.kept": "The photo will be sent with it. Please answer the question above.",
    "flow.answer_above": "Please answer the question above.",
    "tip.urgent.offer": "🚨 Urgent",
    "tip.urgent.undo": "↩️ Not urgent",
    "tip.source.offer": "🔒 A source who must stay confidential",
    "tip.source.change": "🔒 Change the source",
    "tip.source.kept": "{source} (🔒 kept confidential)",
    "deed.helped.offer": "👤 Add who was helped",
    "deed.helped.change": "👤 Change who was helped",
    "news": "report",
    "news.kind.title": "Kind",
    "news.kind.ask": (
        "📝 Send this to the commune police? Pick the kind of tip; an incident that "
        "happened or a good deed are at the end."
    ),
    "news.kind.ask@zalo": (
        "📝 Send this to the commune police? Pick the kind of tip; an incident that "
        "happened: 11, a good deed: 12."
    ),
    "news.kind.incident": "⚠️ An incident that happened",
    "news.kind.deed": "🌟 Good deed",
    "news.added": "Added to the text. Pick the kind above to go on.",
    "typed.deed": "/gooddeed",
    "typed.team": "/team",
    "typed.followup": "/followup {code}",
    "typed.mute": "/settings off",
    "typed.unmute": "/settings on",
    "typed.language": "/settings {code}",
    "typed.report": "/report {scope} {period}",
    "typed.province": "province",
    "typed.week": "this week",
    "typed.month": "this month",
    "typed.ytd": "year to date",
    "typed.year": "this year",
    "typed.last_year": "last year",
    "fallback.chatter": (
        "Hello! If you have something to report, just type it here, or pick an item on the "
        "keyboard below."
    ),
    "fallback.chatter@zalo": (
        "Hello! If you have something to report, just type it here, or type the number of "
        "an item below."
    ),
    "fallback.too_long": (
        "That message is too long (2,000 characters at most). Please shorten it, or send "
        "the main part first and add the rest with /followup."
    ),
    "report.flow": "report",
    "report.flow.period": "Period",
    "report.ask_period.command": (
        "📊 Report for {scope}: pick a period, or type /report with one (e.g. /report "
        "october, /report 2025, /report 01/01/2026-31/03/2026)."
    ),
    # --- Zalo first: police groups, short answers, photos (issue 13) ---------------------------
    "quick.word.take": "take",
    "quick.word.done": "done",
    "zalo.quick.both": "👉 Answer «{take} {n}» to take it, «{done} {n}» once handled.",
    "zalo.quick.take": "👉 Answer «{take} {n}» to take it.",
    "zalo.quick.done": "👉 Answer «{done} {n}» once handled.",
    "zalo.quick.many.both": (
        "👉 Answer «{take} <number>» to take one, «{done} <number>» once handled (the number in "
        "[ ] before its code)."
    ),
    "zalo.quick.many.take": "👉 Answer «{take} <number>» to take one (the number in [ ] before its code).",
    "zalo.quick.many.done": "👉 Answer «{done} <number>» once handled (the number in [ ] before its code).",
    "zalo.voices_elsewhere": (
        "🎤 {count} voice note(s) attached: listen in the workspace (Zalo plays voice notes in "
        "private chats only)."
    ),
    "zalo.media_refused": "🖼 {count} photo(s) or voice note(s) could not be sent on Zalo: see them in the workspace.",
    "alert.source_secret@zalo": (
        "Source: 🔒 confidential. Commune police type /source <code> to receive it privately."
    ),
    "police.quick.unknown": (
        "No item has number {n} in this chat. Use the number shown in the alert, e.g. "
        "«take 12», or its code: «take TB-2026-000012»."
    ),
    "police.quick.which": (
        "Which item? Answer with its number, e.g. «{word} 12» (the number shown in the alert), "
        "or «Reply» to that alert itself."
    ),
    "police.quick.by": "{name}: {answer}",
    "admin.link.no_groups": (
        "⚠️ The group is not linked: Zalo does not let this bot into group chats yet (getMe says "
        "can_join_groups = false). {commune}'s items still go to each commune officer on Zalo "
        "privately. Once Zalo opens groups to the bot, type @bot name /linkgroup {ref} in the "
        "group again."
    ),
    "admin.link.done@zalo": (
        "✅ This group is now the police chat of {commune}. New items are posted here, each with a "
        "number: «Reply» to the bot's message with «take 12» to take one, «done 12» once handled "
        "(Zalo passes the bot only replies to it and messages with @bot name)."
    ),
    "police_chat.lost": (
        "⚠️ The bot can no longer post in «{title}» (the police chat of {commune}, {ref}): it "
        "was removed from the group, never added, or may not write there. The group is "
        "unlinked; the commune's alerts go to each of its officers and the admins privately.\n"
        "To link it again: add the bot to the group, then type /linkgroup {ref} inside it."
    ),
    "web.media_link": "This link has expired or is not right.",
    # --- Finding one's own id for `admins` (issue 11) -------------------------------------------
    "id.yours": (
        "🆔 Your {channel} id: {id}\n\n"
        "Whoever installs the bot puts it in {setting} in config.toml to make you an admin. "
        "It is not a password: knowing it gives no one access to your account."
    ),
    # --- Faults: lost police groups, a busy database (issue 11) -------------------------------
    "police_chat.back": (
        "The bot was added back to «{title}» (formerly the police chat of {commune}). It gets "
        "no alerts yet: type /linkgroup {ref} inside the group to link it again."
    ),
    "alert.undelivered": (
        "⚠️ {code} could not be passed to the commune police. If it is urgent, call the "
        "commune police or 113 now."
    ),
    "system.busy": "⏳ The system is busy, please send it again later.",
    # --- Web workspace: join requests on the page, revoked invites (issue 12) ------------
    "join.cancelled": (
        "The invite you opened was withdrawn, so your request to join {place} was cancelled. "
        "If you still need to join, ask whoever gave you the invite for a new one."
    ),
    "join.already.cancelled": "Request {ref} ({name}) was cancelled at {at}, when {by} withdrew the invite.",
    "join.revoke.cancelled": "Cancelled {count} waiting request(s) made with this code and told them: {names}.",
    "web.join.title": "Waiting for approval ({count})",
    "web.join.hint": (
        "Nobody waiting has received anything yet. Approve only people you gave the code to "
        "yourself; if unsure, refuse."
    ),
    "web.join.opened": "opened code {code} at {at}",
    "web.join.approvers": "May approve: {approvers}.",
    "web.join.approve": "✅ Approve",
    "web.join.refuse": "❌ Refuse",
    "web.join.waiting": "🔐 {count} people are waiting for approval to join.",
    "web.join.see": "Review",
    "web.join.denied": "You may not decide this request (or there is no such request).",
}
