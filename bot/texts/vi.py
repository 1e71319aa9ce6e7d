"""Vietnamese catalogue (the default). Full diacritics; dates dd/mm/yyyy."""

TEXTS: dict[str, str] = {
    # --- Menu and commands -------------------------------------------------------------
    "menu.tip": "📝 Tin báo",
    "menu.incident": "⚠️ Vụ việc",
    "menu.deed": "🌟 Việc tốt",
    "menu.my": "📋 Của tôi",
    "menu.help": "❓ Trợ giúp",
    "menu.org": "🏘 Tổ chức",
    "menu.people": "👥 Thành viên",
    "command.tip": "Gửi tin báo về an ninh, trật tự",
    "command.incident": "Báo vụ việc đã xảy ra",
    "command.deed": "Ghi nhận việc tốt",
    "command.my": "Xem tin của tôi",
    "command.followup": "Bổ sung thông tin cho tin đã gửi",
    "command.cancel": "Hủy thao tác đang làm",
    "command.help": "Hướng dẫn sử dụng",
    # --- Roles and places ----------------------------------------------------------------
    "role.member": "tổ viên",
    "role.leader": "tổ trưởng",
    "role.police": "công an xã",
    "role.admin": "quản trị",
    "place.team": "{team}, {commune}",
    "place.commune": "{commune}",
    # --- Joining ---------------------------------------------------------------------------
    "join.how": (
        "Xin chào! Đây là kênh báo tin của Tổ bảo vệ an ninh, trật tự ở cơ sở.\n\n"
        "Để tham gia, bạn cần đường link mời (hoặc mã mời 8 ký tự) do Công an xã "
        "hoặc tổ trưởng gửi. Hãy bấm vào link đó, hoặc gõ mã mời vào đây."
    ),
    "join.not_found": "Mã mời này không đúng.",
    "join.revoked": "Mã mời này đã bị thu hồi.",
    "join.expired": "Mã mời này đã hết hạn.",
    "join.used_up": "Mã mời này đã dùng hết số lượt.",
    "join.ask": "Vui lòng xin mã mời mới từ tổ trưởng hoặc Công an xã.",
    "join.welcome": "Chào {name}! Bạn đã tham gia {place} với vai trò {role}.",
    "join.default_name": "Thành viên",
    "start.welcome_back": "Chào {name}!",
    # --- Help ------------------------------------------------------------------------------
    "help.member": (
        "Bạn có thể:\n"
        "📝 Tin báo (/tinbao) — báo tin người dân cung cấp về an ninh, trật tự\n"
        "⚠️ Vụ việc (/vuviec) — báo vụ việc đã xảy ra và tổ đã xử lý thế nào\n"
        "🌟 Việc tốt (/viectot) — ghi nhận người tốt, việc tốt\n"
        "📋 Của tôi (/cuatoi) — xem tin đã gửi và bổ sung\n"
        "⚙️ /caidat — bật/tắt nhắc nhở, đổi ngôn ngữ\n\n"
        "Mỗi bước có nút bấm; bạn cũng có thể gõ số hoặc chữ. "
        "Gõ 0 để quay lại, /huy để hủy."
    ),
    "help.leader": (
        "Bạn có thể:\n"
        "📝 Tin báo (/tinbao) — báo tin người dân cung cấp về an ninh, trật tự\n"
        "⚠️ Vụ việc (/vuviec) — báo vụ việc đã xảy ra và tổ đã xử lý thế nào\n"
        "🌟 Việc tốt (/viectot) — ghi nhận người tốt, việc tốt\n"
        "📋 Của tôi (/cuatoi) — xem tin đã gửi và bổ sung\n"
        "👥 /cuato — xem tin của cả tổ\n"
        "⚙️ /caidat — bật/tắt nhắc nhở, đổi ngôn ngữ\n\n"
        "Mỗi bước có nút bấm; bạn cũng có thể gõ số hoặc chữ. "
        "Gõ 0 để quay lại, /huy để hủy."
    ),
    "help.police": (
        "Bạn là cán bộ Công an xã. Tin khẩn và vụ việc quan trọng sẽ được gửi vào nhóm "
        "của Công an xã.\n/trogiup — hướng dẫn"
    ),
    "help.admin": (
        "Lệnh quản trị:\n"
        "/tochuc — xem cơ cấu tổ chức và mã số\n"
        "/themxa <tên xã> — thêm xã, phường\n"
        "/themthon X3 <tên thôn> — thêm thôn, tổ dân phố (kèm Tổ bảo vệ ANTT)\n"
        "/moi T12 [totruong] — tạo link mời vào tổ\n"
        "/moi X3 congan — tạo link mời cán bộ Công an xã\n"
        "/loimoi — các mã mời còn hiệu lực; /huyma <mã> — thu hồi mã\n"
        "/lienketnhom X3 — gõ trong nhóm để làm nhóm của Công an xã\n"
        "/nguoi [X3] — danh sách thành viên; /xoanguoi N45 — xóa thành viên\n"
        "/lich — lịch thi đua, các hạn và nhắc nhở (/themhan, /themdot)\n"
        "/khongnhan — ai không nhận được tin nhắn của bot"
    ),
    "help.body": "Chọn một mục ở bàn phím bên dưới để bắt đầu.",
    "help.short": "Gõ /trogiup để xem hướng dẫn.",
    # --- Conversations (shared) ------------------------------------------------------------
    "flow.step": "Bước {number}/{total}",
    "flow.cancelled": "Đã hủy {title}. Không có gì được gửi đi.",
    "flow.button_expired": "Nút này đã hết hiệu lực.",
    "flow.button_past": "Câu hỏi đó đã qua. Mời trả lời câu hỏi hiện tại:",
    "flow.button_unknown": "Nút này không còn hiệu lực.",
    "flow.first_step": "Đây là bước đầu tiên. Gõ /huy nếu muốn hủy.",
    "flow.summary": "Kiểm tra lại {title}:\n\n{lines}\n\nBấm «Gửi» để gửi, hoặc «Sửa» để sửa.",
    "flow.summary_title": "Tóm tắt",
    "flow.edit_which": "Bạn muốn sửa mục nào?",
    "flow.busy": "Bạn đang điền dở một nội dung. Hãy trả lời tiếp, hoặc gõ /huy để hủy.",
    "flow.still_open": "Bạn vẫn đang điền dở. Mời trả lời tiếp:",
    "flow.nothing_to_cancel": "Không có gì đang làm dở để hủy.",
    "flow.over": "Nội dung này đã được gửi hoặc đã hủy rồi.",
    "flow.last_code": "Tin bạn gửi gần nhất có mã {code}. Xem /cuatoi.",
    "nav.back": "⬅️ Quay lại",
    "nav.cancel": "❌ Hủy",
    "nav.skip": "⏭ Bỏ qua",
    "nav.done": "✅ Xong",
    "choice.yes": "✅ Có",
    "choice.no": "❌ Không",
    "choice.send": "📨 Gửi",
    "choice.edit": "✏️ Sửa",
    "field.place": "Nơi xảy ra",
    "field.photos": "Ảnh",
    "field.photos.ask": "Gửi ảnh nếu có (có thể gửi nhiều ảnh). Không có ảnh thì bấm «Bỏ qua».",
    "photos.have": "Đã có {count} ảnh. Gửi thêm, hoặc bấm «Xong».",
    "photos.got": "Đã nhận ảnh thứ {count}.",
    "photos.count": "{count} ảnh",
    "photos.none": "Không có",
    "place.got_location": "Đã nhận vị trí.",
    "place.got_place": "Đã ghi nơi xảy ra.",
    "place.send_location": "📍 Gửi vị trí hiện tại",
    "voice.placeholder": "🎤 (tin nhắn thoại)",
    "when.now": "🕐 Vừa xảy ra",
    "when.examples": "Ví dụ: 14h30, hôm qua 20h, 20/11 8:00, 20/11/2026.",
    "when.understood": "Thời gian: {when}.",
    "minutes.value": "{minutes} phút",
    "quick.whole_team": "👥 Cả tổ",
    "quick.me": "🙋 Tôi",
    # --- Errors from typed answers ---------------------------------------------------------
    "err.empty": "Bạn chưa nhập nội dung. Vui lòng gõ chữ.",
    "err.too_long": "Nội dung quá dài ({detail} ký tự). Tối đa {limit} ký tự, vui lòng viết gọn lại.",
    "err.sticker": "Mình chưa đọc được nhãn dán (sticker). Vui lòng gõ chữ.",
    "err.sticker_photo": "Đây là nhãn dán, không phải ảnh. Hãy gửi ảnh, hoặc bấm «Bỏ qua».",
    "err.want_text": "Bước này cần bạn gõ chữ.",
    "err.want_photo": "Bước này chỉ nhận ảnh. Gửi ảnh, hoặc bấm «Xong» / «Bỏ qua».",
    "err.too_many_photos": "Đã đủ {limit} ảnh. Bấm «Xong» để tiếp tục.",
    "err.choice": "Mình chưa hiểu. Hãy bấm một nút, hoặc gõ số từ 1 đến {count}.",
    "err.ambiguous": "Bạn muốn chọn mục nào: {options}? Hãy gõ số cho chắc.",
    "err.want_minutes": "Hãy gõ số phút, ví dụ 5 hoặc 15.",
    "err.invalid_date": "Ngày này không có thật (ví dụ 31/02). Vui lòng kiểm tra lại.",
    "err.invalid_time": "Giờ không hợp lệ. Vui lòng kiểm tra lại.",
    "err.future": "Thời gian này còn ở tương lai.",
    "err.too_old": "Thời gian này đã quá một năm.",
    "err.unrecognized": "Mình chưa hiểu thời gian bạn gõ.",
    "err.out_of_range": "Số phút phải từ 0 đến 1440.",
    "err.end_before_start": "Ngày kết thúc đứng trước ngày bắt đầu.",
    # --- Tip ---------------------------------------------------------------------------------
    "tip": "tin báo",
    "tip.intro": "📝 Gửi tin báo mới.",
    "tip.category.title": "Loại tin",
    "tip.category.ask": "Tin báo thuộc loại nào?",
    "tip.cat.drugs": "Ma túy",
    "tip.cat.theft": "Trộm cắp, tội phạm",
    "tip.cat.gambling": "Cờ bạc, mại dâm",
    "tip.cat.suspicious": "Đối tượng khả nghi",
    "tip.cat.weapons": "Vũ khí, vật liệu nổ",
    "tip.cat.fraud": "Lừa đảo qua mạng",
    "tip.cat.border": "Xuất nhập cảnh trái phép, biên giới",
    "tip.cat.residence": "Cư trú (tạm trú, tạm vắng)",
    "tip.cat.business": "Cơ sở kinh doanh có điều kiện",
    "tip.cat.other": "Khác",
    "tip.description.title": "Nội dung",
    "tip.description.ask": (
        "Bạn đã thấy hoặc được báo điều gì? Gõ nội dung, hoặc gửi tin nhắn thoại."
    ),
    "tip.place.ask": (
        "Ở đâu? Bấm «📍 Gửi vị trí hiện tại», hoặc gõ địa điểm (ví dụ: chợ Nà Cáp, "
        "nhà ông Hoàng Văn A)."
    ),
    "tip.urgent.title": "Mức độ",
    "tip.urgent.ask": "Tin này có khẩn cấp không?",
    "tip.urgent.yes": "🚨 Khẩn cấp",
    "tip.urgent.no": "Bình thường",
    "tip.source.title": "Người cung cấp tin",
    "tip.source.ask": (
        "Ai đã cung cấp tin này (họ tên, số điện thoại)? Nếu bạn tự thấy, bấm «Bỏ qua»."
    ),
    "tip.confidential.title": "Giữ bí mật người cung cấp",
    "tip.confidential.ask": (
        "Có cần giữ bí mật người cung cấp tin không? Nếu có, chỉ Công an xã được xem."
    ),
    # --- Incident ------------------------------------------------------------------------------
    "incident": "vụ việc",
    "incident.intro": "⚠️ Báo vụ việc mới.",
    "incident.type.title": "Loại vụ việc",
    "incident.type.ask": "Vụ việc thuộc loại nào?",
    "incident.type.fight": "Ẩu đả, gây rối",
    "incident.type.theft": "Trộm cắp",
    "incident.type.traffic": "Tai nạn giao thông",
    "incident.type.fire": "Cháy, nổ",
    "incident.type.rescue": "Cứu nạn, cứu hộ",
    "incident.type.dispute": "Tranh chấp, mâu thuẫn",
    "incident.type.other": "Khác",
    "incident.when.title": "Thời gian",
    "incident.when.ask": (
        "Vụ việc xảy ra lúc nào? Bấm «Vừa xảy ra», hoặc gõ: 14h30, hôm qua 20h, 20/11 8:00."
    ),
    "incident.place.ask": "Vụ việc xảy ra ở đâu? Bấm «📍 Gửi vị trí hiện tại», hoặc gõ địa điểm.",
    "incident.description.title": "Diễn biến",
    "incident.description.ask": "Chuyện gì đã xảy ra? Gõ nội dung, hoặc gửi tin nhắn thoại.",
    "incident.on_scene.title": "Tổ có mặt kịp thời",
    "incident.on_scene.ask": "Tổ có mặt kịp thời tại hiện trường không?",
    "incident.minutes.title": "Có mặt sau",
    "incident.minutes.ask": "Tổ có mặt sau bao nhiêu phút? Bấm hoặc gõ số phút.",
    "incident.action.title": "Kết quả xử lý",
    "incident.action.ask": "Tổ đã xử lý thế nào?",
    "incident.action.on_site": "Giải quyết tại chỗ",
    "incident.action.to_police": "Bàn giao Công an",
    "incident.action.mediated": "Hòa giải",
    "incident.action.other": "Khác",
    "incident.injuries.title": "Có người bị thương",
    "incident.injuries.ask": "Có người bị thương không?",
    # --- Good deed -------------------------------------------------------------------------------
    "deed": "việc tốt",
    "deed.intro": "🌟 Ghi nhận việc tốt.",
    "deed.kind.title": "Loại việc tốt",
    "deed.kind.ask": "Đó là việc tốt gì?",
    "deed.kind.danger": "Giúp người gặp nạn",
    "deed.kind.lost_property": "Trả lại tài sản bị rơi",
    "deed.kind.mediation": "Hòa giải mâu thuẫn",
    "deed.kind.firefighting": "Chữa cháy",
    "deed.kind.rescue": "Cứu nạn, cứu hộ",
    "deed.kind.help_police": "Giúp lực lượng Công an",
    "deed.kind.propaganda": "Tuyên truyền, vận động",
    "deed.kind.other": "Khác",
    "deed.description.title": "Nội dung",
    "deed.description.ask": "Đã làm việc gì? Gõ nội dung, hoặc gửi tin nhắn thoại.",
    "deed.doers.title": "Người thực hiện",
    "deed.doers.ask": "Ai đã làm? Bấm «Cả tổ» hoặc «Tôi», hoặc gõ họ tên từng người.",
    "deed.helped.title": "Người được giúp",
    "deed.helped.ask": "Ai được giúp? (ví dụ: bà Nguyễn Thị Lan). Không rõ thì bấm «Bỏ qua».",
    # --- Follow-up ---------------------------------------------------------------------------------
    "followup": "bổ sung",
    "followup.intro": "➕ Bổ sung thông tin cho tin đã gửi.",
    "followup.entry.title": "Tin cần bổ sung",
    "followup.entry.ask": "Bạn muốn bổ sung cho tin nào? Bấm chọn, hoặc gõ mã tin.",
    "followup.addition.title": "Nội dung bổ sung",
    "followup.addition.ask": "Gõ nội dung bổ sung cho {code}, hoặc gửi ảnh / tin nhắn thoại.",
    "followup.saved": "✅ Đã bổ sung cho {code}.",
    "followup.unknown": "Không tìm thấy tin {code} trong các tin bạn đã gửi.",
    # --- Entries -------------------------------------------------------------------------------------
    "entry.needs_team": (
        "Chỉ thành viên Tổ bảo vệ ANTT mới gửi được tin. Hãy xin link mời vào tổ."
    ),
    "entry.saved": "✅ Đã gửi {title}.\nMã số: {code}\nGhi lại mã này để tra cứu hoặc bổ sung (/bosung {code}).",
    "status.new": "Mới gửi",
    "status.taken": "Đã tiếp nhận",
    "status.handled": "Đã xử lý",
    "status.forwarded": "Đã chuyển xã khác",
    "my.header": "📋 {count} tin gần nhất của bạn:",
    "my.line": "• {code} — {when}\n  {category} · {status}{extra}",
    "my.followups": " · {count} bổ sung",
    "my.empty": "Bạn chưa gửi tin nào.",
    "my.add_button": "➕ Bổ sung {code}",
    "my.team_button": "👥 Tin của cả tổ",
    "my.hint": "Để bổ sung, bấm nút bên dưới hoặc gõ /bosung <mã>.",
    "team.leaders_only": "Chỉ tổ trưởng xem được tin của cả tổ.",
    "team.empty": "{team} chưa có tin nào.",
    "team.header": "👥 {count} tin gần nhất của {team}:",
    # --- Fallbacks -------------------------------------------------------------------------------------
    "fallback.unknown": "Mình chưa hiểu tin nhắn này.",
    "fallback.edited": "Bot không đọc tin nhắn đã sửa. Vui lòng gửi lại thành tin nhắn mới.",
    "fallback.command": "Không có lệnh /{command}.",
    "error.sorry": "Xin lỗi, đã có lỗi. Vui lòng thử lại sau ít phút.",
    # --- Admin --------------------------------------------------------------------------------------------
    "admin.only": "Lệnh này chỉ dành cho quản trị viên.",
    "admin.team_name": "Tổ bảo vệ ANTT {village}",
    "admin.unknown_commune": "Không có xã mã {ref}. Xem /tochuc.",
    "admin.addcommune.usage": "Cách dùng: /themxa <tên xã>, ví dụ: /themxa Xã Hòa An",
    "admin.addcommune.exists": "Đã có {name}.",
    "admin.addcommune.done": "Đã thêm {name} (mã {ref}).",
    "admin.addvillage.usage": "Cách dùng: /themthon X3 <tên thôn>, ví dụ: /themthon X3 Thôn Nà Cáp",
    "admin.addvillage.exists": "Xã này đã có {name}.",
    "admin.addvillage.done": "Đã thêm {village} ({commune}) và {team} (mã {ref}).",
    "admin.org.empty": "Chưa có xã nào. Thêm bằng /themxa <tên xã>.",
    "admin.org.header": "🏘 Cơ cấu tổ chức — {province}",
    "admin.org.linked": "đã có nhóm Công an",
    "admin.org.unlinked": "chưa liên kết nhóm Công an",
    "admin.invite.usage": (
        "Cách dùng: /moi T12 (tổ viên), /moi T12 totruong (tổ trưởng), /moi X3 congan "
        "(cán bộ Công an xã). Xem mã ở /tochuc."
    ),
    "admin.invite.police_commune": "Link mời công an cần mã xã, ví dụ: /moi X3 congan",
    "admin.invite.member_team": "Link mời tổ viên cần mã tổ, ví dụ: /moi T12",
    "admin.invite.unknown": "Không tìm thấy {ref}. Xem /tochuc.",
    "admin.invite.done": (
        "Link mời {role} — {place}:\n{link}\n\nMã: {code}\nHết hạn: {expires} · tối đa {uses} lượt."
    ),
    "admin.invites.empty": "Không có mã mời nào còn hiệu lực.",
    "admin.invites.header": "Mã mời còn hiệu lực:",
    "admin.invites.line": "• {code} — {role} ({where}) · đã dùng {used}/{uses} · hết hạn {expires}",
    "admin.revoke.done": "Đã thu hồi mã {code}.",
    "admin.revoke.unknown": "Không có mã đang hiệu lực nào là «{code}».",
    "admin.link.in_group": "Hãy gõ lệnh này trong nhóm chat của Công an xã.",
    "admin.link.usage": "Cách dùng (trong nhóm): /lienketnhom X3",
    "admin.link.done": "✅ Nhóm này đã là nhóm Công an của {commune}.",
    "admin.people.empty": "Chưa có ai.",
    "admin.people.header": "👥 {count} người:",
    "admin.remove.usage": "Cách dùng: /xoanguoi N45 (xem mã ở /nguoi)",
    "admin.remove.self": "Bạn không thể tự xóa mình.",
    "admin.remove.unknown": "Không có người mã {ref}.",
    "admin.remove.done": "Đã xóa {name}. Người này không còn dùng được bot.",
    # --- Police: alerts, triage, digests, reports (issue 3) ------------------------------------
    # --- Calendar and reminders (issue 4) -----------------------------------------------------
    "menu.calendar": "📅 Lịch",
    "command.settings": "Cài đặt nhắc nhở, ngôn ngữ",
    "cal.deadline": "hạn mới",
    "cal.deadline.intro": "📅 Thêm hạn mới (ví dụ: hạn nộp báo cáo). Bot sẽ nhắc trước hạn.",
    "cal.deadline_edit": "thay đổi hạn",
    "cal.deadline_edit.intro": "✏️ Sửa hạn: bấm «Sửa» để đổi một mục, «Gửi» để lưu.",
    "cal.phase": "đợt thi đua mới",
    "cal.phase.intro": "📅 Thêm đợt thi đua. Bot sẽ nhắc tổ trưởng và Công an xã trước ngày báo cáo.",
    "cal.phase_edit": "thay đổi đợt thi đua",
    "cal.phase_edit.intro": "✏️ Sửa đợt thi đua: bấm «Sửa» để đổi một mục, «Gửi» để lưu.",
    "cal.f.name.title": "Tên",
    "cal.f.deadline_name.ask": "Tên của hạn là gì? Ví dụ: Báo cáo sơ kết 6 tháng",
    "cal.f.phase_name.ask": "Tên đợt thi đua? Ví dụ: Đợt 2 năm 2026",
    "cal.f.due.title": "Ngày hạn",
    "cal.f.due.ask": "Hạn vào ngày nào? Gõ ngày/tháng/năm, ví dụ 15/11/2026.",
    "cal.f.start.title": "Bắt đầu",
    "cal.f.start.ask": "Đợt bắt đầu ngày nào? Gõ ngày/tháng/năm, ví dụ 01/01/2026.",
    "cal.f.end.title": "Kết thúc",
    "cal.f.end.ask": "Đợt kết thúc ngày nào? (ngày/tháng/năm)",
    "cal.f.report_date.title": "Hạn báo cáo",
    "cal.f.report_date.ask": "Hạn nộp báo cáo của đợt là ngày nào? (ngày/tháng/năm)",
    "cal.f.scope.title": "Phạm vi",
    "cal.f.scope.ask": "Áp dụng cho toàn tỉnh hay một xã? Bấm nút hoặc gõ tên xã.",
    "cal.f.audience.title": "Người được nhắc",
    "cal.f.audience.ask": "Nhắc ai? Bấm để chọn (bấm lại để bỏ), rồi bấm «Xong». Hoặc gõ số, ví dụ: 1 3",
    "cal.f.report.title": "Kèm danh sách còn thiếu",
    "cal.f.report.ask": "Đây có phải hạn nộp báo cáo không? Nếu có, mỗi tổ trưởng được nhắc những gì tổ còn thiếu, và nhóm Công an xã biết tổ nào còn chậm.",
    "cal.audience.leaders": "Tổ trưởng",
    "cal.audience.members": "Tất cả tổ viên",
    "cal.audience.police": "Nhóm Công an xã",
    "cal.audience.admins": "Quản trị",
    "cal.scope.province": "Toàn tỉnh ({province})",
    "cal.err.date_format": "Hãy gõ ngày theo dạng ngày/tháng/năm, ví dụ 15/11/2026.",
    "cal.err.past": "Ngày {date} đã qua. Hãy chọn một ngày từ hôm nay trở đi.",
    "cal.err.end_before_start": "Ngày kết thúc {end} đứng trước ngày bắt đầu {start}.",
    "cal.err.report_before_start": "Hạn báo cáo {report} đứng trước ngày bắt đầu {start}.",
    "cal.err.audience_empty": "Hãy chọn ít nhất một nhóm người được nhắc.",
    "cal.err.audience_typed": "Mình chưa hiểu «{part}». Gõ số 1–4, ví dụ: 1 3",
    "cal.err.name_empty": "Tên không được để trống.",
    "cal.err.name_long": "Tên quá dài (tối đa {limit} ký tự).",
    "cal.err.overlap": "Thời gian trùng với đợt {ref} «{name}» ({start}–{end}, {scope}). Mỗi nơi chỉ có một đợt tại một thời điểm.",
    "cal.err.gone": "Mục này (hoặc xã đã chọn) không còn nữa. Hãy xem lại /lich.",
    "cal.err.unknown_commune": "Không có xã «{name}». Xem tên xã ở /tochuc.",
    "cal.fix_hint": "Chưa lưu gì. Bấm «Sửa» để sửa, hoặc /huy để bỏ.",
    "cal.deadline.added": "✅ Đã thêm hạn {ref}:",
    "cal.deadline.changed": "✅ Đã lưu thay đổi hạn {ref}:",
    "cal.phase.added": "✅ Đã thêm đợt thi đua {ref}:",
    "cal.phase.changed": "✅ Đã lưu thay đổi đợt {ref}:",
    "cal.reminders_at": "⏰ Sẽ nhắc lúc: {when}",
    "cal.no_reminders": "⏰ Không còn mốc nhắc nào phía trước.",
    "cal.list.header": "📅 Lịch thi đua — {province}",
    "cal.list.phases": "Đợt thi đua:",
    "cal.list.no_phases": "Chưa có đợt nào. Thêm bằng /themdot",
    "cal.list.deadlines": "Các hạn sắp tới:",
    "cal.list.no_deadlines": "Chưa có hạn nào. Thêm bằng /themhan",
    "cal.list.phase": "{ref} · {name} · {start}–{end} · báo cáo {report} · {scope}",
    "cal.list.deadline": "{ref} · {name} · {date} · {scope} · nhắc: {audience}",
    "cal.list.with_gaps": " · kèm danh sách còn thiếu",
    "cal.list.rules": "Nhắc trước {offsets} ngày, lúc {time}.",
    "cal.list.nudge": "Nhắc ghi việc tốt: ngày {day} hằng tháng lúc {time}, cho tổ chưa có việc tốt trong tháng.",
    "cal.list.commands": "Lệnh: /themhan · /suahan H1 · /xoahan H1 · /themdot · /suadot D1 · /xoadot D1 · /khongnhan",
    "cal.usage.edit_deadline": "Cách dùng: /suahan H5 (xem mã ở /lich)",
    "cal.usage.edit_phase": "Cách dùng: /suadot D2 (xem mã ở /lich)",
    "cal.usage.remove_deadline": "Cách dùng: /xoahan H5 (xem mã ở /lich)",
    "cal.usage.remove_phase": "Cách dùng: /xoadot D2 (xem mã ở /lich)",
    "cal.unknown": "Không có mục nào mã {ref}. Xem /lich.",
    "cal.remove.ask": "Xóa {ref} «{name}»? Các nhắc nhở của mục này sẽ dừng.",
    "cal.remove.yes": "🗑 Xóa",
    "cal.remove.no": "Không xóa",
    "cal.remove.done": "Đã xóa {ref} «{name}». Các nhắc nhở của mục này sẽ không gửi nữa.",
    "cal.remove.kept": "Đã giữ nguyên.",
    "cal.phase_report": "Báo cáo {phase}",
    "cal.head": "⏰ Còn {days} ngày nữa là hạn: {name} ({date}).",
    "cal.head.tomorrow": "⏰ Ngày mai ({date}) là hạn: {name}.",
    "cal.head.today": "⏰ Hôm nay ({date}) là hạn: {name}.",
    "cal.scope_line": "Áp dụng cho: {commune}",
    "cal.months": "tháng {months}/{year}",
    "cal.gap.header": "{team} còn thiếu:",
    "cal.gap.months": "• Chưa có việc tốt nào trong {months}",
    "cal.gap.incidents": "• {count} vụ việc chưa ghi kết quả xử lý: {codes}",
    "cal.gap.footer": "Ghi việc tốt: bấm 🌟 Việc tốt (/viectot). Bổ sung kết quả vụ việc: /bosung <mã>.",
    "cal.gap.none": "✅ {team} đã đủ: tháng nào cũng có việc tốt, vụ việc nào cũng có kết quả xử lý.",
    "cal.police.no_teams": "Xã chưa có Tổ bảo vệ ANTT nào trên hệ thống.",
    "cal.police.behind": "{behind}/{total} tổ còn thiếu:",
    "cal.police.team": "• {team}: {gaps}",
    "cal.police.months": "{count} tháng chưa có việc tốt ({months})",
    "cal.police.incidents": "{count} vụ việc chưa có kết quả xử lý",
    "cal.police.all_good": "✅ Cả {total} tổ đã đủ việc tốt hằng tháng và kết quả xử lý vụ việc.",
    "cal.police.backlog": "📥 Còn {count} tin của xã trong kỳ chưa được Công an xã xử lý xong.",
    "cal.nudge": "🌟 Tháng {month}/{year} tổ của bạn chưa ghi nhận việc tốt nào. Mỗi Tổ bảo vệ ANTT cần ít nhất một việc tốt mỗi tháng. Nếu có, bấm 🌟 Việc tốt (hoặc gõ /viectot) để ghi lại.",
    "cal.mute_hint": "Không muốn nhận loại nhắc nhở này? Gõ /caidat.",
    "cal.skipped.header": "⚠️ Bot đã ngừng hoạt động khi các nhắc nhở sau đến giờ gửi; vì đã quá muộn nên bot không gửi nữa:",
    "cal.skipped.line": "• {what} — lẽ ra gửi lúc {when}",
    "cal.describe": "Nhắc «{name}» ({date}), trước {days} ngày",
    "cal.describe_nudge": "Nhắc ghi việc tốt tháng {month}/{year}",
    "settings.header": "⚙️ Cài đặt của bạn",
    "settings.reminders": "🔔 Nhắc nhở không bắt buộc (nhắc ghi việc tốt, nhắc hạn cho tổ viên): {state}",
    "settings.on": "đang bật",
    "settings.off": "đang tắt",
    "settings.leader_note": "Nhắc hạn báo cáo gửi tổ trưởng luôn được gửi, không tắt được.",
    "settings.language": "🌐 Ngôn ngữ: {language}",
    "settings.mute_button": "🔕 Tắt nhắc nhở",
    "settings.unmute_button": "🔔 Bật nhắc nhở",
    "settings.muted": "🔕 Đã tắt nhắc nhở không bắt buộc.",
    "settings.unmuted": "🔔 Đã bật lại nhắc nhở.",
    "settings.always": "Nhắc nhở gửi cho bạn là bắt buộc, không tắt được.",
    "settings.language_set": "🌐 Đã chuyển sang tiếng Việt.",
    "language.name": "Tiếng Việt",
    "reach.none": "✅ Mọi người đều đang nhận được tin nhắn của bot.",
    "reach.header": "📵 {count} người không nhận được tin nhắn (đã chặn bot hoặc xóa tài khoản):",
    "reach.line": "• {ref} · {name} · {role} · {where} · {channel} · từ {since}",
    "reach.hint": "Hãy liên hệ trực tiếp để họ mở lại cuộc trò chuyện với bot (bấm Bỏ chặn hoặc /start).",
    # --- Zalo (issue 6) -------------------------------------------------------------------------
    "channel.telegram": "Telegram",
    "channel.zalo": "Zalo",
    "invite.on_telegram": "Telegram: {link}",
    "invite.on_zalo": "Zalo: tìm «{bot}» và nhắn mã {code}",
    "link.hint": (
        "Nếu bạn đã dùng bot này trên {other}, hãy gõ /lienket ở đó để lấy mã liên kết, "
        "rồi gõ mã vào đây."
    ),
    "link.offer": (
        "🔗 Mã liên kết của bạn: {code}\nDùng được một lần, trong {minutes} phút.\n\n{how}\n\n"
        "Không đưa mã này cho ai: ai có mã sẽ dùng được tài khoản của bạn."
    ),
    "link.how.telegram": "Trên Telegram, bấm link: {link}\nhoặc nhắn cho bot: /lienket {code}",
    "link.how.zalo": "Trên Zalo, tìm «{bot}» và nhắn: /lienket {code}",
    "link.single_channel": "Bot hiện chỉ chạy trên {channel}, chưa có ứng dụng khác để liên kết.",
    "link.done": (
        "✅ Đã liên kết tài khoản {channel} này với {name}. Tin đã gửi, vai trò và lời nhắc "
        "của bạn là một trên mọi ứng dụng."
    ),
    "link.notice": (
        "🔗 Tài khoản {channel} «{account}» vừa được liên kết với bạn. Nếu không phải bạn làm, "
        "hãy báo ngay cho quản trị."
    ),
    "link.not_found": "Mã này không đúng. Gõ /lienket trên ứng dụng bạn đã dùng để lấy mã mới.",
    "link.expired": "Mã liên kết này đã hết hạn. Gõ /lienket trên ứng dụng bạn đã dùng để lấy mã mới.",
    "link.used": "Mã liên kết này đã được dùng rồi.",
    "link.same_channel": (
        "Mã này phải được gõ trên ứng dụng khác: lấy mã trên Telegram thì gõ trên Zalo, "
        "và ngược lại."
    ),
    "link.already": "Tài khoản này đã được liên kết rồi.",
    "link.taken": (
        "Tài khoản này đang được đăng ký cho một người khác trong bot. Nhờ quản trị xóa đăng ký "
        "đó (/xoanguoi) rồi liên kết lại."
    ),
    "zalo.answer.one": "👉 Trả lời 1.",
    "zalo.answer.few": "👉 Trả lời {numbers} hoặc {last}.",
    "zalo.answer.many": "👉 Trả lời một số từ 1 đến {count}.",
    "zalo.nav": "{label}: gõ {typed}",
    "zalo.menu": "👉 Gõ để chọn: {items}",
    "zalo.photos_elsewhere": "🖼 Kèm {count} ảnh (Zalo chưa gửi lại được ảnh này; ảnh đã lưu trên máy chủ).",
    "zalo.location": "📍 Vị trí: {link}",
    "zalo.unsupported": (
        "Zalo không cho bot xem loại tin nhắn này (tệp, video, vị trí…). "
        "Vui lòng gõ chữ hoặc gửi ảnh."
    ),
    "zalo.media_failed": "Mình chưa tải được ảnh bạn gửi. Vui lòng gửi lại.",
    "zalo.media_too_large": "Tệp bạn gửi quá lớn (tối đa {limit} MB). Vui lòng gửi ảnh nhỏ hơn.",
    # Zalo has no buttons: the same questions, worded for typing.
    "join.how@zalo": (
        "Xin chào! Đây là kênh báo tin của Tổ bảo vệ an ninh, trật tự ở cơ sở.\n\n"
        "Để tham gia, bạn cần mã mời 8 ký tự do Công an xã hoặc tổ trưởng gửi. "
        "Hãy gõ mã mời vào đây."
    ),
    "help.member@zalo": (
        "Bạn có thể:\n"
        "📝 Tin báo (/tinbao) — báo tin người dân cung cấp về an ninh, trật tự\n"
        "⚠️ Vụ việc (/vuviec) — báo vụ việc đã xảy ra và tổ đã xử lý thế nào\n"
        "🌟 Việc tốt (/viectot) — ghi nhận người tốt, việc tốt\n"
        "📋 Của tôi (/cuatoi) — xem tin đã gửi và bổ sung\n\n"
        "Mỗi câu hỏi có các lựa chọn đánh số: gõ số hoặc gõ chữ. "
        "Gõ 0 để quay lại, /huy để hủy."
    ),
    "help.leader@zalo": (
        "Bạn có thể:\n"
        "📝 Tin báo (/tinbao) — báo tin người dân cung cấp về an ninh, trật tự\n"
        "⚠️ Vụ việc (/vuviec) — báo vụ việc đã xảy ra và tổ đã xử lý thế nào\n"
        "🌟 Việc tốt (/viectot) — ghi nhận người tốt, việc tốt\n"
        "📋 Của tôi (/cuatoi) — xem tin đã gửi và bổ sung\n"
        "👥 /cuato — xem tin của cả tổ\n\n"
        "Mỗi câu hỏi có các lựa chọn đánh số: gõ số hoặc gõ chữ. "
        "Gõ 0 để quay lại, /huy để hủy."
    ),
    "help.police@zalo": (
        "Bạn là cán bộ Công an xã. Tin khẩn và vụ việc quan trọng sẽ được gửi riêng cho bạn "
        "qua Zalo.\n/trogiup — hướng dẫn"
    ),
    "help.body@zalo": "Gõ tên một mục bên dưới để bắt đầu.",
    "flow.summary@zalo": "Kiểm tra lại {title}:\n\n{lines}",
    "field.photos.ask@zalo": "Gửi ảnh nếu có (có thể gửi nhiều ảnh). Không có ảnh thì gõ «bỏ qua».",
    "photos.have@zalo": "Đã có {count} ảnh. Gửi thêm, hoặc gõ «xong».",
    "err.sticker_photo@zalo": "Đây là nhãn dán, không phải ảnh. Hãy gửi ảnh, hoặc gõ «bỏ qua».",
    "err.want_photo@zalo": "Bước này chỉ nhận ảnh. Gửi ảnh, hoặc gõ «xong» / «bỏ qua».",
    "err.too_many_photos@zalo": "Đã đủ {limit} ảnh. Gõ «xong» để tiếp tục.",
    "err.choice@zalo": "Mình chưa hiểu. Hãy gõ một số từ 1 đến {count}.",
    "tip.place.ask@zalo": (
        "Ở đâu? Gõ địa điểm (ví dụ: chợ Nà Cáp, nhà ông Hoàng Văn A), hoặc dán link "
        "Google Maps của vị trí."
    ),
    "incident.place.ask@zalo": (
        "Vụ việc xảy ra ở đâu? Gõ địa điểm, hoặc dán link Google Maps của vị trí."
    ),
    "tip.source.ask@zalo": (
        "Ai đã cung cấp tin này (họ tên, số điện thoại)? Nếu bạn tự thấy, gõ «bỏ qua»."
    ),
    "incident.when.ask@zalo": (
        "Vụ việc xảy ra lúc nào? Trả lời 1 nếu vừa xảy ra, hoặc gõ: 14h30, hôm qua 20h, 20/11 8:00."
    ),
    "incident.minutes.ask@zalo": "Tổ có mặt sau bao nhiêu phút? Gõ số phút, ví dụ 15.",
    "deed.doers.ask@zalo": "Ai đã làm? Trả lời 1 (cả tổ), 2 (tôi), hoặc gõ họ tên từng người.",
    "deed.helped.ask@zalo": "Ai được giúp? (ví dụ: bà Nguyễn Thị Lan). Không rõ thì gõ «bỏ qua».",
    "followup.entry.ask@zalo": "Bạn muốn bổ sung cho tin nào? Gõ số thứ tự hoặc mã tin.",
    "my.hint@zalo": "Để bổ sung cho một tin, gõ lệnh ghi bên dưới.",
    # --- Trust: audit, data care (issue 5) ------------------------------------------------------
}
