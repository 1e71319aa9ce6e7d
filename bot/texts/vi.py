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
    "command.link": "Dùng chung tài khoản trên Telegram và Zalo",
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
        "⚙️ /caidat — họ và tên, bật/tắt nhắc nhở, ngôn ngữ\n"
        "\nCó tin cần báo? Gõ luôn nội dung vào đây, bot sẽ hỏi tiếp. "
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
        "⚙️ /caidat — họ và tên, bật/tắt nhắc nhở, ngôn ngữ\n"
        "\nCó tin cần báo? Gõ luôn nội dung vào đây, bot sẽ hỏi tiếp. "
        "Mỗi bước có nút bấm; bạn cũng có thể gõ số hoặc chữ. "
        "Gõ 0 để quay lại, /huy để hủy."
    ),
    "help.police": (
        "Bạn là cán bộ Công an xã. Mọi tin mới được gửi ngay vào nhóm của Công an xã, kèm nút "
        "«Tiếp nhận», «Đã xử lý», «Chuyển»: tin khẩn, vụ việc có người bị thương, cháy nổ, cứu "
        "nạn có chuông và được ghim; tin thường gửi không chuông. Tin khẩn chưa ai tiếp nhận "
        "được nhắc lại, rồi gửi riêng từng cán bộ, rồi báo quản trị.\n\n"
        "📝 Tin báo trực tiếp (/tintructiep) — ghi tin người dân báo trực tiếp cho Công an\n"
        "📊 Báo cáo (/baocao) — kết quả phong trào theo tuần, tháng, năm\n"
        "/tiepnhan, /daxuly, /chuyen <mã tin> — xử lý tin khi không bấm được nút\n"
        "/daxuly <mã tin> <ghi chú> — ghi chú được gửi cho người báo tin; bắt đầu bằng «nb:» "
        "để chỉ lưu nội bộ\n"
        "/tinthuong ngay | bantin — tin thường gửi ngay, hay chỉ trong bản tin\n"
        "/nguontin <mã tin> — nhận riêng người cung cấp tin được giữ bí mật\n"
        "/lichsu <mã tin> — ai đã làm gì với tin\n"
        "/bantin — bản tin tổng hợp ngay bây giờ (gõ /bantin tuan cho cả tuần)\n"
        "/trogiup — hướng dẫn"
    ),
    "help.admin": (
        "Lệnh quản trị:\n"
        "/tochuc — xem cơ cấu tổ chức và mã số\n"
        "/themxa <tên xã> — thêm xã, phường\n"
        "/themthon X3 <tên thôn> — thêm thôn, tổ dân phố (kèm Tổ bảo vệ ANTT)\n"
        "/moi T12 [totruong] — tạo link mời vào tổ\n"
        "/moi X3 congan [số lượt] [duyetxa] — link mời cán bộ Công an xã (mặc định dùng 1 lần, "
        "người mở phải được duyệt; duyetxa: cán bộ Công an xã cũng duyệt được)\n"
        "/choduyet — yêu cầu tham gia chờ duyệt (/duyet Y5, /tuchoi Y5)\n"
        "/loimoi — các mã mời còn hiệu lực; /huyma <mã> — thu hồi mã\n"
        "/lienketnhom X3 — gõ trong nhóm để làm nhóm của Công an xã\n"
        "/nguoi [X3] — danh sách thành viên; /xoanguoi N45 — xóa thành viên\n"
        "/doiten N45 <họ và tên> — sửa họ tên một người\n"
        "/lich — lịch thi đua, các hạn và nhắc nhở (/themhan, /themdot)\n"
        "/khongnhan — ai không nhận được tin nhắn của bot\n"
        "/baocao [X3 | tỉnh] [kỳ] — báo cáo của một xã hoặc toàn tỉnh\n"
        "/lichbantin X3 — xem, đổi lịch bản tin gửi nhóm Công an xã"
    ),
    "help.body": "Chọn một mục ở bàn phím bên dưới để bắt đầu.",
    "help.short": "Gõ /trogiup để xem hướng dẫn.",
    # --- Conversations (shared) ------------------------------------------------------------
    "flow.step": "Bước {number}/{total}",
    "flow.cancelled": "Đã hủy {title}. Không có gì được gửi đi.",
    "flow.button_expired": "Nút này đã hết hiệu lực.",
    "flow.button_past": "Câu hỏi đó đã qua. Mời trả lời câu hỏi hiện tại:",
    "flow.button_unknown": "Nút này không còn hiệu lực.",
    "flow.first_step": "Đây là câu hỏi đầu tiên. Gõ /huy nếu muốn hủy.",
    "flow.summary": (
        "Kiểm tra lại {title}:\n\n{lines}\n\nĐúng thì bấm «📨 Gửi». Chưa bấm Gửi thì chưa "
        "có gì được gửi đi."
    ),
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
    "field.photos.ask": "📷 Gửi ảnh (một hoặc nhiều ảnh). Gửi xong thì bấm «Xong».",
    "photos.have": "Đã có {count} ảnh.",
    "photos.got": "Đã nhận ảnh thứ {count}. Gửi thêm, hoặc bấm «Xong».",
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
    "err.sticker_photo": "Đây là nhãn dán, không phải ảnh. Hãy gửi ảnh, hoặc bấm «Xong».",
    "err.want_text": "Bước này cần bạn gõ chữ.",
    "err.want_photo": "Bước này chỉ nhận ảnh. Gửi ảnh, hoặc bấm «Xong» để quay lại phần kiểm tra.",
    "err.too_many_photos": "Đã đủ {limit} ảnh. Bấm «Xong» để tiếp tục.",
    "err.choice": "Mình chưa hiểu. Hãy bấm một nút ở trên, hoặc gõ số từ 1 đến {count}.",
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
        "🔒 Ai đã cung cấp tin này (họ tên, số điện thoại)? Chỉ Công an xã được xem riêng, "
        "không hiện trong nhóm. Không muốn ghi thì bấm «Bỏ qua»."
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
    "deed.doers.ask": (
        "Ai đã làm? Bấm «Cả tổ» hoặc «Tôi»; hoặc bấm tên từng người trong tổ rồi «Xong»; "
        "người ngoài tổ thì gõ họ tên (ví dụ: Hùng, bà Lục Thị Mai)."
    ),
    "deed.helped.title": "Người được giúp",
    "deed.helped.ask": "Ai được giúp? (ví dụ: bà Nguyễn Thị Lan). Không muốn ghi thì bấm «Bỏ qua».",
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
    "admin.addcommune.usage": "Cách dùng: /themxa <tên xã, phường theo danh mục từ 01/07/2025>, ví dụ: /themxa Xã Hòa An (gõ không dấu cũng được: /themxa hoa an).",
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
        "(cán bộ Công an xã; thêm số lượt nếu cần, ví dụ /moi X3 congan 2, và duyetxa để "
        "cán bộ Công an xã cũng duyệt được). Xem mã ở /tochuc."
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
    "menu.direct_tip": "📝 Tin báo trực tiếp",
    "menu.report": "📊 Báo cáo",
    "command.direct_tip": "Ghi tin người dân báo trực tiếp cho Công an",
    "command.report": "Báo cáo kết quả phong trào (tuần, tháng, năm)",
    "command.digest": "Bản tin tổng hợp ngay bây giờ",
    "command.take": "Tiếp nhận tin: /tiepnhan <mã tin>",
    "command.handled": "Đánh dấu đã xử lý: /daxuly <mã tin>",
    "command.forward": "Chuyển tin sang xã khác: /chuyen <mã tin>",
    "command.source": "Nhận riêng người cung cấp tin: /nguontin <mã tin>",
    "command.history": "Lịch sử xử lý: /lichsu <mã tin>",
    "command.routine": "Tin thường gửi ngay hay chỉ trong bản tin: /tinthuong",
    "entry.police_only": "Chỉ cán bộ Công an xã mới ghi được tin báo trực tiếp.",
    "entry.police_direct_only": (
        "Cán bộ Công an xã ghi tin người dân báo trực tiếp bằng «📝 Tin báo trực tiếp» "
        "(/tintructiep). Vụ việc và việc tốt do Tổ bảo vệ ANTT gửi."
    ),
    "direct_tip": "tin báo trực tiếp",
    "direct_tip.intro": "📝 Ghi tin báo người dân cung cấp trực tiếp cho Công an xã.",
    "direct_tip.village.title": "Thôn, tổ dân phố",
    "direct_tip.village.ask": "Tin này liên quan đến thôn, tổ dân phố nào?",
    "direct_tip.village.none": "Không rõ / ngoài địa bàn",
    # Alerts in the police chat
    "alert.head.tip": "🚨 TIN BÁO KHẨN · {code}",
    "alert.head.fire": "🔥 VỤ CHÁY, NỔ · {code}",
    "alert.head.rescue": "🆘 CẦN CỨU NẠN, CỨU HỘ · {code}",
    "alert.head.injuries": "🚑 VỤ VIỆC CÓ NGƯỜI BỊ THƯƠNG · {code}",
    "alert.category": "Loại: {category}",
    "alert.occurred": "Xảy ra lúc: {when}",
    "alert.place": "Nơi: {place}",
    "alert.village": "Địa bàn: {village}, {commune}",
    "alert.no_village": "chưa rõ thôn",
    "alert.reporter": "Người báo: {name} ({team})",
    "alert.reporter_direct": "Người ghi: {name} (Công an xã, người dân báo trực tiếp)",
    "alert.filed": "Gửi lúc: {when}",
    "alert.description": "Nội dung: {text}",
    "alert.response": "Có người bị thương: {injuries} · Tổ: {scene} · Xử lý: {action}",
    "alert.on_scene_after": "có mặt sau {minutes} phút",
    "alert.not_on_scene": "chưa có mặt kịp thời",
    "alert.photos": "📷 {count} ảnh",
    "alert.voices": "🎤 {count} tin nhắn thoại",
    "alert.source_secret": (
        "Người cung cấp tin: 🔒 giữ bí mật. Cán bộ Công an xã bấm «Nguồn tin» để nhận riêng."
    ),
    "alert.source": "Người cung cấp tin: {source}",
    "alert.status.new": "⏳ Chưa ai tiếp nhận.",
    "alert.status.taken": "✋ Đã tiếp nhận: {name}, {when}.",
    "alert.status.handled": "✅ Đã xử lý: {name}, {when}.",
    "alert.status.note": "Ghi chú: {note}",
    "alert.status.forwarded_in": "↪️ Được chuyển đến ({name}, {when}). Chưa ai tiếp nhận.",
    "alert.status.forwarded_out": "↪️ Đã chuyển sang {commune}: {name}, {when}.",
    "alert.button.take": "✋ Tiếp nhận",
    "alert.button.handled": "✅ Đã xử lý",
    "alert.button.forward": "↪️ Chuyển",
    "alert.button.source": "🔒 Nguồn tin",
    "alert.sent": (
        "🚨 Tin này đang được chuyển ngay cho Công an xã. Nếu không chuyển được, bot sẽ báo bạn."
    ),
    "alert.nobody": (
        "⚠️ Xã chưa có kênh nhận tin của Công an trên bot. Nếu khẩn cấp, hãy gọi ngay cho "
        "Công an xã hoặc số 113."
    ),
    # Police actions
    "police.not_allowed": "Bạn không có quyền xử lý tin này. Chỉ Công an xã phụ trách mới được.",
    "police.unknown_code": "Không tìm thấy tin báo hay vụ việc nào có mã {code}.",
    "police.usage.take": "Cách dùng: /tiepnhan <mã tin>, ví dụ /tiepnhan TB-2026-000012",
    "police.usage.handled": (
        "Cách dùng: /daxuly <mã tin> [ghi chú], ví dụ /daxuly VV-2026-000007 đã hòa giải xong. "
        "Ghi chú được gửi cho người báo tin; bắt đầu bằng «nb:» để chỉ lưu nội bộ."
    ),
    "police.usage.forward": (
        "Cách dùng: /chuyen <mã tin> [mã hoặc tên xã], ví dụ /chuyen TB-2026-000012 X5"
    ),
    "police.usage.source": "Cách dùng: /nguontin <mã tin>, ví dụ /nguontin TB-2026-000012",
    "police.usage.history": "Cách dùng: /lichsu <mã tin>, ví dụ /lichsu TB-2026-000012",
    "police.taken": "✋ Bạn đã tiếp nhận {code}.",
    "police.handled": "✅ Đã ghi nhận {code} đã xử lý xong.",
    "police.forwarded": "↪️ Đã chuyển {code} sang {commune}.",
    "police.already.taken": "{code} đã được {name} tiếp nhận lúc {when}. Không có gì thay đổi.",
    "police.already.handled": "{code} đã được xử lý rồi ({name}, {when}). Không có gì thay đổi.",
    "police.already.moved": "{code} hiện do {commune} xử lý. Không có gì thay đổi.",
    "police.forward.ask": "Chuyển {code} sang xã, phường nào?",
    "police.forward.type": "Gõ /chuyen {code} <mã hoặc tên xã>, ví dụ /chuyen {code} X5.",
    "police.forward.none": "Chưa có xã, phường nào khác để chuyển.",
    "police.forward.same": "Tin này đang thuộc {commune} rồi.",
    "police.forward.unknown": "Không tìm thấy xã «{name}». Xem mã xã ở /tochuc hoặc gõ đúng tên.",
    "police.source.text": (
        "🔒 Người cung cấp tin của {code}: {source}\n\n"
        "Thông tin bí mật: không chuyển tiếp, không chia sẻ vào nhóm."
    ),
    "police.source.sent": "🔒 Đã gửi riêng cho bạn người cung cấp tin của {code}.",
    "police.source.none": "{code} không ghi người cung cấp tin.",
    "police.source.no_private": "Hãy mở chat riêng với bot (bấm /start) để nhận nguồn tin.",
    "police.notice.taken": "✋ Tin {code} của bạn đã được Công an xã tiếp nhận ({name}, {when}).",
    "police.notice.handled": "✅ Tin {code} của bạn đã được Công an xã xử lý xong ({when}). Cảm ơn bạn!",
    "police.notice.forwarded": "↪️ Tin {code} của bạn đã được chuyển tới Công an {commune} để xử lý.",
    "police.history.header": "🗂 Lịch sử {code}:",
    "police.history.filed": "• {when} — gửi: {name}",
    "police.history.take": "• {when} — ✋ tiếp nhận: {name}",
    "police.history.handle": "• {when} — ✅ đã xử lý: {name}",
    "police.history.forward": "• {when} — ↪️ chuyển sang {commune}: {name}",
    "police.history.source": "• {when} — 🔒 xem nguồn tin: {name}",
    "police.history.now": "Hiện tại: {status}.",
    # Reports
    "report.only_police": "Chỉ cán bộ Công an xã và quản trị viên xem được báo cáo.",
    "report.not_yours": "Bạn chỉ xem được báo cáo của xã mình.",
    "report.ask_period": (
        "📊 Báo cáo của {scope}: chọn kỳ báo cáo, hoặc gõ kỳ (ví dụ: tháng 10, quý 3, 2025, "
        "01/01/2026-31/03/2026, đợt D1)."
    ),
    "report.quick.week": "Tuần này",
    "report.quick.month": "Tháng này",
    "report.quick.ytd": "Từ đầu năm",
    "report.quick.year": "Năm nay (kèm dự thảo báo cáo)",
    "report.quick.last_year": "Năm trước",
    "report.period_examples": (
        "Gõ kỳ báo cáo như: tuần này, tháng này, tháng 10, quý 3, từ đầu năm, năm nay, "
        "năm 2025, 01/01/2026-31/03/2026."
    ),
    "report.phase_pick": "Chưa rõ đợt nào. Gõ /baocao đợt <mã>, ví dụ /baocao đợt D1. Các đợt:\n{phases}",
    "report.phase_none": "Chưa có đợt thi đua nào được khai báo (quản trị thêm bằng /themdot). Hãy gõ khoảng ngày, ví dụ /baocao 04/02/2026-19/08/2026.",
    "report.phase_line": "• {ref} · {name} ({start}–{end})",
    "report.period.phase": "{name} ({dates})",
    "report.title": "📊 BÁO CÁO PHONG TRÀO «TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC»",
    "report.title.plain": "Báo cáo Phong trào «Toàn dân bảo vệ an ninh Tổ quốc»",
    "report.scope": "{scope} · {period}",
    "report.as_of": "Số liệu đến {when}.",
    "report.period.year": "năm {year}",
    "report.period.month": "tháng {month}",
    "report.period.quarter": "quý {quarter}/{year}",
    "report.period.week": "tuần {dates}",
    "report.period.ytd": "từ đầu năm ({dates})",
    "report.period.range": "{start}–{end}",
    "report.targets": "🎯 Chỉ tiêu",
    "report.ind.tips_through_force": "Tin báo qua lực lượng cơ sở",
    "report.ind.incidents_on_scene": "Vụ việc tổ có mặt kịp thời",
    "report.ind.fire_rescue_present": "Cháy nổ, cứu nạn có lực lượng tham gia",
    "report.ind.teams_monthly_deed": "Tổ có việc tốt mỗi tháng",
    "report.ind.line": "{mark} {name}: {share} ({done}/{total}) — chỉ tiêu {target}: {verdict}",
    "report.ind.none": "➖ {name}: chưa có trường hợp nào — chỉ tiêu {target}",
    "report.met": "đạt",
    "report.not_met": "chưa đạt",
    "report.teams_missing": "   Chưa có việc tốt trong mọi tháng của kỳ ({months} tháng): {names}",
    "report.and_more": " và {count} tổ khác",
    "report.counts": "📈 Số lượng",
    "report.count.tip": "Tin báo: {count}",
    "report.count.incident": "Vụ việc: {count}",
    "report.count.deed": "Việc tốt: {count}",
    "report.trend.change": "({arrow} {change}; kỳ trước {before})",
    "report.trend.new": "(kỳ trước {before})",
    "report.direct": " — trong đó {count} tin người dân báo trực tiếp Công an",
    "report.previous": "Kỳ trước: {period}.",
    "report.handling": "Tin báo, vụ việc: đã xử lý {handled}, đang xử lý {open} (chưa tiếp nhận {new}).",
    "report.empty": "Chưa có tin báo, vụ việc hay việc tốt nào trong kỳ.",
    "report.categories": "📂 Theo loại",
    "report.cat.tip": "Tin báo: {items}",
    "report.cat.incident": "Vụ việc: {items}",
    "report.cat.deed": "Việc tốt: {items}",
    "report.places": "🏘 Theo thôn, tổ dân phố",
    "report.places.province": "🏘 Theo xã, phường",
    "report.places.country": "🏙 Theo tỉnh, thành phố",
    "report.country": "Toàn quốc",
    "report.place": "• {name}: {tips} tin báo · {incidents} vụ việc · {deeds} việc tốt",
    "report.places_more": "… và {count} mục khác (xem bảng tính).",
    "report.no_village": "Không rõ thôn",
    "report.files": "📎 Bảng tính Excel và biểu đồ sẽ được gửi ngay sau tin này.",
    "report.files_annual": (
        "📎 Bảng tính Excel, biểu đồ và dự thảo báo cáo năm (Word) sẽ được gửi ngay sau tin này."
    ),
    "report.chart_caption": "Biểu đồ {scope} · {period}",
    "report.xlsx_caption": "Bảng tính {scope} · {period}: tổng hợp và danh sách từng tin.",
    "report.docx_caption": "Dự thảo báo cáo năm {year}: kiểm tra, bổ sung phần […] rồi trình ký.",
    "report.xlsx_too_big": "Bảng tính quá lớn để gửi qua Telegram ({size} MB). Hãy chọn kỳ ngắn hơn hoặc báo cáo từng xã.",
    "report.failed": "Xin lỗi, chưa tạo được tệp báo cáo. Vui lòng gõ lại /baocao sau ít phút.",
    "chart.tip": "Tin báo",
    "chart.incident": "Vụ việc",
    "chart.deed": "Việc tốt",
    "chart.count": "Số lượng",
    "chart.empty": "Không có tin nào",
    "chart.title": "{scope} · {period}",
    # Workbook
    "xlsx.yes": "Có",
    "xlsx.no": "Không",
    "xlsx.sheet.summary": "Tổng hợp",
    "xlsx.sheet.tip": "Tin báo",
    "xlsx.sheet.incident": "Vụ việc",
    "xlsx.sheet.deed": "Việc tốt",
    "xlsx.col.code": "Mã số",
    "xlsx.col.created": "Ngày gửi",
    "xlsx.col.commune": "Xã, phường",
    "xlsx.col.village": "Thôn, tổ dân phố",
    "xlsx.col.team": "Tổ bảo vệ ANTT",
    "xlsx.col.reporter": "Người gửi",
    "xlsx.col.category": "Loại",
    "xlsx.col.description": "Nội dung",
    "xlsx.col.place": "Nơi xảy ra",
    "xlsx.col.lat": "Vĩ độ",
    "xlsx.col.lon": "Kinh độ",
    "xlsx.col.source": "Nguồn tin đến",
    "xlsx.col.urgent": "Khẩn cấp",
    "xlsx.col.confidential": "Giữ bí mật người cung cấp",
    "xlsx.col.occurred": "Thời gian xảy ra",
    "xlsx.col.on_scene": "Tổ có mặt kịp thời",
    "xlsx.col.minutes": "Có mặt sau (phút)",
    "xlsx.col.action": "Kết quả xử lý của tổ",
    "xlsx.col.injuries": "Có người bị thương",
    "xlsx.col.doers": "Người thực hiện",
    "xlsx.col.helped": "Người được giúp",
    "xlsx.col.photos": "Số ảnh",
    "xlsx.col.status": "Trạng thái",
    "xlsx.col.updated": "Cập nhật lần cuối",
    "xlsx.source.force": "Qua Tổ bảo vệ ANTT",
    "xlsx.source.direct": "Người dân báo trực tiếp",
    "xlsx.ind.name": "Chỉ tiêu",
    "xlsx.ind.done": "Đạt được",
    "xlsx.ind.total": "Tổng số",
    "xlsx.ind.share": "Tỷ lệ",
    "xlsx.ind.target": "Chỉ tiêu giao",
    "xlsx.ind.result": "Kết quả",
    "xlsx.ind.no_data": "Chưa có trường hợp",
    "xlsx.count.kind": "Loại",
    "xlsx.count.now": "Kỳ này",
    "xlsx.count.before": "Kỳ trước",
    "xlsx.count.change": "Thay đổi",
    "xlsx.cat.kind": "Loại",
    "xlsx.cat.category": "Phân loại",
    "xlsx.cat.count": "Số lượng",
    "xlsx.place.village": "Thôn, tổ dân phố",
    "xlsx.place.commune": "Xã, phường",
    "xlsx.place.total": "Tổng",
    # Digests
    "digest.title.daily": "📰 BẢN TIN NGÀY {day} — {commune}",
    "digest.title.weekly": "📰 BẢN TIN TUẦN {start}–{day} — {commune}",
    "digest.describe.daily": "Bản tin ngày — {commune} ({date})",
    "digest.describe.weekly": "Bản tin tuần — {commune} ({date})",
    "digest.empty.daily": "{title}: không có tin mới trong 24 giờ qua.",
    "digest.empty.weekly": "{title}: không có tin mới trong 7 ngày qua.",
    "digest.count.tip": "{count} tin báo",
    "digest.count.incident": "{count} vụ việc",
    "digest.count.deed": "{count} việc tốt",
    "digest.by_village": "Theo thôn: {villages}",
    "digest.new": "🆕 TIN BÁO, VỤ VIỆC MỚI",
    "digest.deeds": "🌟 VIỆC TỐT MỚI",
    "digest.doers": "Người thực hiện: {doers}",
    "digest.overdue": "⏰ CHƯA XỬ LÝ SAU {hours} GIỜ: {count}",
    "digest.overdue_line": "• {code} · {category} · đã {age} · {status}",
    "digest.age_hours": "{hours} giờ",
    "digest.age_days": "{days} ngày",
    "digest.no_deed": "📅 Tổ chưa có việc tốt trong tháng {month}: {names}",
    "digest.quiet": "💤 Tổ không gửi tin nào trong {days} ngày qua: {names}",
    "digest.chart.daily": "{commune} · {days} ngày qua",
    "digest.chart.weekly": "{commune} · {days} ngày qua",
    "digest.now.usage": "Cách dùng: /bantin [tuần] [X3] — gõ trong nhóm Công an xã, hoặc kèm mã xã.",
    "digest.schedule.usage": (
        "Cách dùng (quản trị):\n/lichbantin X3 — xem lịch bản tin của xã\n"
        "/lichbantin X3 ngay 07:00 — bản tin hằng ngày lúc 7 giờ\n"
        "/lichbantin X3 tuan thu2 07:30 — bản tin hằng tuần, thứ Hai 7 giờ 30\n"
        "/lichbantin X3 ngay tat — tắt bản tin hằng ngày (tương tự: tuan tat)"
    ),
    "digest.schedule.show": "🗓 Lịch bản tin của {commune}:\n• Hằng ngày: {daily}\n• Hằng tuần: {weekly}",
    "digest.schedule.off": "tắt",
    "digest.schedule.saved": "✅ Đã lưu lịch bản tin.",
    "weekday.0": "Thứ Hai",
    "weekday.1": "Thứ Ba",
    "weekday.2": "Thứ Tư",
    "weekday.3": "Thứ Năm",
    "weekday.4": "Thứ Sáu",
    "weekday.5": "Thứ Bảy",
    "weekday.6": "Chủ nhật",
    # Annual report draft (DOCX)
    "annual.unit_prefixes": "Xã|Phường|Thị trấn|Đặc khu|Tỉnh|Thành phố",
    "annual.province_unit": "Tỉnh {name}",
    "annual.police_of": "Công an {unit}",
    "annual.ministry": "Bộ Công an",
    "annual.nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "annual.motto": "Độc lập - Tự do - Hạnh phúc",
    "annual.number_commune": "Số:          /BC-CAX",
    "annual.number_province": "Số:          /BC-CAT",
    "annual.date_line": "{place}, ngày      tháng      năm {year}",
    "annual.title": "BÁO CÁO",
    "annual.subtitle": "Kết quả thực hiện Phong trào thi đua\n“Toàn dân bảo vệ an ninh Tổ quốc” năm {year}",
    "annual.preamble": (
        "Thực hiện Quyết định số 2447/QĐ-TTg ngày 06/11/2025 của Thủ tướng Chính phủ ban hành "
        "Kế hoạch triển khai Phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” và Kế hoạch "
        "triển khai Phong trào thi đua của Ủy ban nhân dân {province}, {issuer} báo cáo kết quả "
        "thực hiện Phong trào thi đua năm {year} (số liệu từ ngày {start} đến ngày {end}) như sau:"
    ),
    "annual.s1": "I. KẾT QUẢ THỰC HIỆN",
    "annual.s1.overview": (
        "Trên địa bàn {scope} có {teams} Tổ bảo vệ an ninh, trật tự ở cơ sở. Trong kỳ báo cáo, "
        "Công an đã tiếp nhận {tips} nguồn tin về an ninh, trật tự (trong đó {force} nguồn tin "
        "do lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở cung cấp), {incidents} vụ việc "
        "và ghi nhận {deeds} việc tốt."
    ),
    "annual.s1.1": "1. Công tác lãnh đạo, chỉ đạo, tổ chức triển khai",
    "annual.s1.1.placeholder": (
        "[Nêu các văn bản chỉ đạo, kế hoạch đã ban hành; việc phát động, tuyên truyền Phong trào "
        "thi đua; tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc (19/8); kiện toàn lực lượng "
        "tham gia bảo vệ an ninh, trật tự ở cơ sở …]"
    ),
    "annual.s1.2": "2. Kết quả thực hiện các chỉ tiêu thi đua",
    "annual.col.no": "TT",
    "annual.col.indicator": "Chỉ tiêu",
    "annual.col.target": "Chỉ tiêu giao",
    "annual.col.result": "Kết quả",
    "annual.col.verdict": "Đánh giá",
    "annual.col.category": "Lĩnh vực, loại",
    "annual.col.count": "Số lượng",
    "annual.col.deed_kind": "Loại việc tốt",
    "annual.col.village": "Thôn, tổ dân phố",
    "annual.col.commune": "Xã, phường",
    "annual.col.team": "Tên tập thể",
    "annual.col.place": "Địa bàn",
    "annual.col.person": "Họ và tên",
    "annual.col.unit": "Đơn vị",
    "annual.col.achievement": "Tóm tắt thành tích",
    "annual.ind.tips_through_force": (
        "Tỷ lệ nguồn tin Nhân dân cung cấp cho Công an cấp xã thông qua lực lượng tham gia "
        "bảo vệ an ninh, trật tự ở cơ sở"
    ),
    "annual.ind.incidents_on_scene": (
        "Tỷ lệ vụ việc về an ninh, trật tự có lực lượng tham gia bảo vệ an ninh, trật tự ở "
        "cơ sở có mặt kịp thời tại nơi xảy ra"
    ),
    "annual.ind.fire_rescue_present": (
        "Tỷ lệ vụ cháy, nổ, cứu nạn, cứu hộ có lực lượng tham gia bảo vệ an ninh, trật tự ở "
        "cơ sở có mặt kịp thời"
    ),
    "annual.ind.teams_monthly_deed": (
        "Tỷ lệ Tổ bảo vệ an ninh, trật tự có ít nhất 01 việc tốt mỗi tháng"
    ),
    "annual.target": "Từ {target} trở lên",
    "annual.target_full": "{target}",
    "annual.result": "{share} ({done}/{total})",
    "annual.met": "Đạt",
    "annual.not_met": "Chưa đạt",
    "annual.no_case": "Không phát sinh",
    "annual.no_case_verdict": "—",
    "annual.s1.3": "3. Kết quả tiếp nhận nguồn tin, giải quyết vụ việc",
    "annual.tips_by": "a) Nguồn tin về an ninh, trật tự: tổng số {count}, phân theo lĩnh vực:",
    "annual.incidents_by": "b) Vụ việc về an ninh, trật tự: tổng số {count}, phân theo loại:",
    "annual.handling": (
        "Đến thời điểm báo cáo, đã xử lý xong {handled} nguồn tin, vụ việc; còn {pending} "
        "nguồn tin, vụ việc đang xác minh, giải quyết."
    ),
    "annual.s1.4": "4. Phong trào “Người tốt, việc tốt”",
    "annual.deeds": (
        "Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở đã thực hiện {count} việc tốt; "
        "{regular}/{teams} Tổ bảo vệ an ninh, trật tự có việc tốt trong cả {months} tháng của "
        "kỳ báo cáo."
    ),
    "annual.s1.5": "5. Kết quả theo thôn, tổ dân phố",
    "annual.s1.5.province": "5. Kết quả theo xã, phường",
    "annual.s2": "II. ĐÁNH GIÁ CHUNG",
    "annual.s2.1": "1. Ưu điểm",
    "annual.s2.2": "2. Tồn tại, hạn chế",
    "annual.s2.placeholder": "[Đơn vị bổ sung nhận xét, nguyên nhân …]",
    "annual.strength.tips_through_force": (
        "Tỷ lệ nguồn tin thông qua lực lượng cơ sở đạt {share}, hoàn thành chỉ tiêu thi đua."
    ),
    "annual.strength.incidents_on_scene": (
        "Lực lượng cơ sở có mặt kịp thời tại {share} vụ việc về an ninh, trật tự, hoàn thành "
        "chỉ tiêu thi đua."
    ),
    "annual.strength.fire_rescue_present": (
        "{share} vụ cháy, nổ, cứu nạn, cứu hộ có lực lượng cơ sở tham gia kịp thời."
    ),
    "annual.strength.teams_monthly_deed": (
        "{share} Tổ bảo vệ an ninh, trật tự duy trì việc tốt hằng tháng."
    ),
    "annual.weakness.tips_through_force": (
        "Tỷ lệ nguồn tin thông qua lực lượng cơ sở mới đạt {share}, chưa đạt chỉ tiêu {target}."
    ),
    "annual.weakness.incidents_on_scene": (
        "Còn {missing} vụ việc lực lượng cơ sở chưa có mặt kịp thời (đạt {share}, chỉ tiêu "
        "{target})."
    ),
    "annual.weakness.fire_rescue_present": (
        "Còn {missing} vụ cháy, nổ, cứu nạn, cứu hộ lực lượng cơ sở chưa có mặt kịp thời (đạt "
        "{share}, chỉ tiêu {target})."
    ),
    "annual.weakness.teams_monthly_deed": (
        "Còn {missing} Tổ bảo vệ an ninh, trật tự chưa có việc tốt trong tất cả các tháng (đạt "
        "{share}, chỉ tiêu {target})."
    ),
    "annual.teams_missing": "Các tổ chưa đạt: {names}.",
    "annual.s3": "III. ĐỀ XUẤT KHEN THƯỞNG",
    "annual.s3.intro": (
        "Căn cứ kết quả thực hiện Phong trào thi đua năm {year}, đề nghị xem xét khen thưởng "
        "các tập thể, cá nhân có thành tích tiêu biểu sau:"
    ),
    "annual.s3.teams": "1. Tập thể",
    "annual.s3.people": "2. Cá nhân",
    "annual.none_yet": "[Chưa có việc tốt nào trong kỳ để đề xuất.]",
    "annual.summary.deeds": "Thực hiện {count} việc tốt ({categories})",
    "annual.summary.months": "có việc tốt trong {months} tháng",
    "annual.summary.tips": "cung cấp {count} nguồn tin về an ninh, trật tự",
    "annual.summary.incidents": "tham gia giải quyết {count} vụ việc, có mặt kịp thời {on_scene} vụ",
    "annual.summary.example": "Tiêu biểu: {example}",
    "annual.s4": "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year}",
    "annual.s4.1": (
        "Tiếp tục đẩy mạnh tuyên truyền, vận động Nhân dân tích cực tham gia Phong trào thi đua "
        "“Toàn dân bảo vệ an ninh Tổ quốc”."
    ),
    "annual.s4.2": (
        "Nâng cao chất lượng hoạt động của các Tổ bảo vệ an ninh, trật tự; phấn đấu 100% tổ có "
        "việc tốt hằng tháng, từ 80% nguồn tin trở lên được cung cấp thông qua lực lượng cơ sở."
    ),
    "annual.s4.3": (
        "Bảo đảm lực lượng cơ sở có mặt kịp thời tại 100% vụ việc về an ninh, trật tự và 100% "
        "vụ cháy, nổ, cứu nạn, cứu hộ khi được huy động."
    ),
    "annual.s4.4": (
        "Kịp thời biểu dương, khen thưởng, nhân rộng các tập thể, cá nhân điển hình trong Phong "
        "trào thi đua."
    ),
    "annual.closing": (
        "Trên đây là báo cáo kết quả thực hiện Phong trào thi đua “Toàn dân bảo vệ an ninh Tổ "
        "quốc” năm {year} của {issuer}./."
    ),
    "annual.recipients": "Nơi nhận:",
    "annual.recipients.commune": (
        "- {superior} (để báo cáo);\n- Đảng ủy, UBND {commune} (để báo cáo);\n- Lưu: VT."
    ),
    "annual.recipients.province": (
        "- Bộ Công an (Cục Xây dựng phong trào bảo vệ ANTQ) (để báo cáo);\n"
        "- UBND {province} (để báo cáo);\n- Sở Nội vụ (Ban Thi đua - Khen thưởng);\n- Lưu: VT."
    ),
    "annual.signer_commune": "TRƯỞNG CÔNG AN {unit}",
    "annual.signer_province": "GIÁM ĐỐC",
    "annual.sign_hint": "(Ký, ghi rõ họ tên, đóng dấu)",
    "annual.signer_name": "[Họ và tên]",
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
    "zalo.menu": "👉 Gõ số hoặc tên để chọn: {items}",
    "zalo.photos_elsewhere": "🖼 Kèm {count} ảnh (Zalo chưa gửi lại được ảnh này; ảnh đã lưu trên máy chủ).",
    "zalo.files_elsewhere": "📎 Tệp đính kèm ({names}) chưa gửi được qua Zalo. Để nhận tệp, mở bot trên Telegram (gõ /lienket để dùng chung tài khoản).",
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
        "📋 Của tôi (/cuatoi) — xem tin đã gửi và bổ sung\n"
        "\nCó tin cần báo? Gõ luôn nội dung vào đây, bot sẽ hỏi tiếp. "
        "Mỗi câu hỏi có các lựa chọn đánh số: gõ số hoặc gõ chữ. "
        "Gõ 0 để quay lại, /huy để hủy."
    ),
    "help.leader@zalo": (
        "Bạn có thể:\n"
        "📝 Tin báo (/tinbao) — báo tin người dân cung cấp về an ninh, trật tự\n"
        "⚠️ Vụ việc (/vuviec) — báo vụ việc đã xảy ra và tổ đã xử lý thế nào\n"
        "🌟 Việc tốt (/viectot) — ghi nhận người tốt, việc tốt\n"
        "📋 Của tôi (/cuatoi) — xem tin đã gửi và bổ sung\n"
        "👥 /cuato — xem tin của cả tổ\n"
        "\nCó tin cần báo? Gõ luôn nội dung vào đây, bot sẽ hỏi tiếp. "
        "Mỗi câu hỏi có các lựa chọn đánh số: gõ số hoặc gõ chữ. "
        "Gõ 0 để quay lại, /huy để hủy."
    ),
    "help.police@zalo": (
        "Bạn là cán bộ Công an xã. Mọi tin mới của xã được gửi vào nhóm Zalo của Công an xã; "
        "khi xã chưa có nhóm, tin được gửi riêng cho bạn qua Zalo. Tin khẩn chưa ai tiếp nhận "
        "sẽ được nhắc lại.\n"
        "Mỗi tin có một số: trả lời «nhận 12» để tiếp nhận, «xong 12» (kèm ghi chú nếu muốn) khi "
        "đã xử lý. Trong nhóm, bấm «Trả lời» vào tin của bot rồi gõ, hoặc gõ @tên bot trước.\n"
        "/tiepnhan <mã tin> — tiếp nhận; /daxuly <mã tin> <ghi chú> — đã xử lý (ghi chú gửi "
        "người báo tin, trừ khi bắt đầu bằng «nb:»)\n"
        "/tinthuong ngay | bantin — tin thường gửi ngay, hay chỉ trong bản tin\n"
        "/trogiup — hướng dẫn"
    ),
    "help.body@zalo": "Gõ tên một mục bên dưới để bắt đầu.",
    "flow.summary@zalo": "Kiểm tra lại {title}:\n\n{lines}\n\nĐúng thì trả lời 1 để gửi.",
    "field.photos.ask@zalo": "📷 Gửi ảnh (một hoặc nhiều ảnh). Gửi xong thì gõ «xong».",
    "err.sticker_photo@zalo": "Đây là nhãn dán, không phải ảnh. Hãy gửi ảnh, hoặc gõ «xong».",
    "err.want_photo@zalo": "Bước này chỉ nhận ảnh. Gửi ảnh, hoặc gõ «xong» để quay lại phần kiểm tra.",
    "err.too_many_photos@zalo": "Đã đủ {limit} ảnh. Gõ «xong» để tiếp tục.",
    "err.choice@zalo": "Mình chưa hiểu. Hãy gõ một số từ 1 đến {count} (các lựa chọn ở trên).",
    "tip.place.ask@zalo": (
        "Ở đâu? Gõ địa điểm (ví dụ: chợ Nà Cáp, nhà ông Hoàng Văn A), hoặc dán link "
        "Google Maps của vị trí."
    ),
    "incident.place.ask@zalo": (
        "Vụ việc xảy ra ở đâu? Gõ địa điểm, hoặc dán link Google Maps của vị trí."
    ),
    "tip.source.ask@zalo": (
        "🔒 Ai đã cung cấp tin này (họ tên, số điện thoại)? Chỉ Công an xã được xem riêng, "
        "không hiện trong nhóm. Không muốn ghi thì gõ «bỏ qua»."
    ),
    "incident.when.ask@zalo": (
        "Vụ việc xảy ra lúc nào? Trả lời 1 nếu vừa xảy ra, hoặc gõ: 14h30, hôm qua 20h, 20/11 8:00."
    ),
    "incident.minutes.ask@zalo": "Tổ có mặt sau bao nhiêu phút? Gõ số phút, ví dụ 15.",
    "deed.doers.ask@zalo": (
        "Ai đã làm? Trả lời 1 (cả tổ) hoặc 2 (tôi); hoặc gõ số từng người trong tổ rồi gõ «xong»; "
        "người ngoài tổ thì gõ họ tên (ví dụ: Hùng, bà Lục Thị Mai)."
    ),
    "deed.helped.ask@zalo": "Ai được giúp? (ví dụ: bà Nguyễn Thị Lan). Không muốn ghi thì gõ «bỏ qua».",
    "followup.entry.ask@zalo": "Bạn muốn bổ sung cho tin nào? Gõ số thứ tự hoặc mã tin.",
    "my.hint@zalo": "Để bổ sung cho một tin, gõ lệnh ghi bên dưới.",
    # --- Trust: audit, data care (issue 5) ------------------------------------------------------
    # --- Real names (issue 10 §3) ------------------------------------------------------------
    "name": "nhập họ tên",
    "name.intro": "✍️ Họ và tên",
    "name.title": "Họ và tên",
    "name.ask": (
        "Họ và tên đầy đủ của bạn là gì? Tên này hiện trong báo cáo, danh sách khen thưởng "
        "và khi bạn tiếp nhận tin. Bấm «{name}» nếu đã đúng, hoặc gõ họ và tên "
        "(ví dụ: Nguyễn Thị Lan)."
    ),
    "name.ask@zalo": (
        "Họ và tên đầy đủ của bạn là gì? Tên này hiện trong báo cáo, danh sách khen thưởng "
        "và khi bạn tiếp nhận tin. Trả lời 1 nếu «{name}» đã đúng, hoặc gõ họ và tên "
        "(ví dụ: Nguyễn Thị Lan)."
    ),
    "name.ask_plain": (
        "Họ và tên đầy đủ của bạn là gì? Tên này hiện trong báo cáo, danh sách khen thưởng "
        "và khi bạn tiếp nhận tin. Gõ họ và tên (ví dụ: Nguyễn Thị Lan)."
    ),
    "name.keep": "✔️ {name}",
    "name.saved": "✅ Đã lưu họ và tên: {name}. Muốn đổi, gõ /caidat.",
    "name.corrected": (
        "✏️ Quản trị viên đã sửa họ và tên của bạn thành «{name}». Nếu chưa đúng, bạn đổi "
        "trong /caidat."
    ),
    "err.name_chars": "Họ tên chỉ gồm chữ cái, không có số hay ký hiệu. Ví dụ: Nguyễn Thị Lan.",
    "err.name_long": (
        "Họ tên dài quá (tối đa {limit} ký tự, 7 chữ). Hãy gõ đúng họ và tên, ví dụ: "
        "Nguyễn Thị Lan."
    ),
    "settings.name": "👤 Họ và tên: {name}",
    "settings.name_button": "✏️ Đổi họ tên",
    "admin.rename.usage": "Cách dùng: /doiten N45 <họ và tên>, ví dụ: /doiten N45 Nguyễn Thị Lan (mã ở /nguoi)",
    "admin.rename.done": "✅ Đã sửa họ tên {ref}: {old} → {name}.",
    "admin.people.unnamed": " (chưa xác nhận họ tên)",
    "admin.people.hint": "Sửa họ tên: /doiten N45 <họ và tên>",
    "deed.doers.pick": "▫️ {name}",
    "deed.doers.picked": "☑️ {name}",
    "deed.doers.so_far": "Đã chọn: {names}. Chọn thêm người, hoặc bấm «Xong».",
    "deed.doers.so_far@zalo": "Đã chọn: {names}. Gõ thêm số, hoặc gõ «xong».",
    "deed.doers.team": "Cả tổ ({count} người): {names}",
    "err.doers_none": "Chưa chọn ai. Bấm «Tôi», «Cả tổ» hoặc tên người đã làm, hoặc gõ họ tên.",
    "err.doers_none@zalo": "Chưa chọn ai. Trả lời 1 (cả tổ), 2 (tôi), số của người đã làm, hoặc gõ họ tên.",
    # --- Invites are bearer keys: approval of police and admin joins (issue 11 §11) -------------
    "join.pending": (
        "Bạn đã mở một mã mời và đang chờ duyệt. Bạn sẽ được báo ngay khi có kết quả."
    ),
    "join.waiting": (
        "⏳ Yêu cầu tham gia với vai trò {role} — {place} đang chờ duyệt. Trong lúc chờ, bot "
        "chưa gửi gì cho bạn; bạn sẽ được báo ngay khi có kết quả."
    ),
    "join.account": "{channel}, id {id}",
    "join.request": (
        "🔐 Yêu cầu tham gia {ref}\n{name} ({account}) vừa mở mã mời {role} — {place} "
        "(mã {code}, đã dùng {used}/{uses} lượt).\n\nNgười này chưa nhận được gì cho tới khi "
        "được duyệt. Nếu bạn không trực tiếp đưa mã cho đúng người này, hãy từ chối.\n"
        "Người có quyền duyệt: {approvers}."
    ),
    "join.approvers.none": "không cần duyệt",
    "join.approvers.admin": "quản trị viên",
    "join.approvers.police": "quản trị viên, hoặc cán bộ Công an của xã",
    "join.button.approve": "✅ Duyệt {name}",
    "join.button.refuse": "❌ Từ chối",
    "join.joined": (
        "🔔 {name} ({account}) vừa tham gia {place} với vai trò {role} (mã người {ref}) bằng "
        "mã mời {code}, đã dùng {used}/{uses} lượt. Nếu không đúng người, gõ /xoanguoi {ref}."
    ),
    "join.refused": (
        "Yêu cầu tham gia {place} của bạn không được chấp nhận. Nếu có nhầm lẫn, hãy liên hệ "
        "người đã đưa mã mời."
    ),
    "join.decide.approved": "✅ Đã duyệt {name} ({account}) — {place}.",
    "join.decide.refused": "❌ Đã từ chối {name} ({account}) — {place}.",
    "join.decide.denied": "Bạn không có quyền duyệt yêu cầu {ref} (hoặc không có yêu cầu này).",
    "join.told.approved": "ℹ️ {by} đã duyệt {name} ({account}) — {place}.",
    "join.told.refused": "ℹ️ {by} đã từ chối {name} ({account}) — {place}.",
    "join.already.approved": "Yêu cầu {ref} ({name}) đã được {by} duyệt lúc {at}.",
    "join.already.refused": "Yêu cầu {ref} ({name}) đã bị {by} từ chối lúc {at}.",
    "join.usage": "Cách dùng: /duyet Y5 hoặc /tuchoi Y5 (xem /choduyet).",
    "join.only": "Chỉ quản trị viên (hoặc cán bộ Công an xã được phép) xem được yêu cầu chờ duyệt.",
    "join.open.none": "Không có yêu cầu nào chờ duyệt.",
    "join.open.header": "🔐 {count} yêu cầu chờ duyệt:",
    "join.open.line": "• {ref} · {name} ({account}) · {role} — {commune} · {at}",
    "join.open.hint": "Duyệt: /duyet Y5 · Từ chối: /tuchoi Y5",
    "admin.invite.approval.admin": (
        "🔐 Ai mở mã này phải chờ quản trị viên duyệt: bạn sẽ nhận tên và tài khoản của họ kèm "
        "nút «Duyệt». Đừng gửi mã vào nhóm chat: ai có mã là người mở được."
    ),
    "admin.invite.approval.police": (
        "🔐 Ai mở mã này phải chờ quản trị viên hoặc một cán bộ Công an của xã duyệt. Đừng gửi "
        "mã vào nhóm chat: ai có mã là người mở được."
    ),
    "admin.invites.approval": " · cần duyệt",
    "sources.header": "🔒 NGUỒN TIN BÍ MẬT ĐÃ ĐƯỢC XEM — 24 giờ đến {at}: {count} lần",
    "sources.line": "• {at} · {name} ({commune}) · {code}",
    "sources.more": "… và {count} lần khác (xem đủ: antt-bot audit --action view).",
    "sources.describe": "Danh sách xem nguồn tin bí mật ngày {date}",
    # --- Reports, targets, official map (issue 10 §4–7, reports) --------------------------------
    "admin.addcommune.done_official": "✅ Đã thêm {name}, mã {ref} (mã đơn vị hành chính {code}). Tiếp theo: /themthon {ref} <tên thôn>.",
    "admin.addcommune.pick": "«{name}» khớp với nhiều đơn vị của {province}. Chọn đơn vị cần thêm:",
    "admin.addcommune.unknown": "Không có «{name}» trong danh mục xã, phường của {province} (từ 01/07/2025). Gõ đúng tên, ví dụ: /themxa {example}.",
    "admin.addcommune.unknown_close": "Không có «{name}» trong danh mục xã, phường của {province} (từ 01/07/2025). Có phải: {close}? Gõ lại, ví dụ: /themxa {example}.",
    "report.months": "tháng {months}/{year}",
    "report.ind.in_progress": "⏳ {name}: {month} đang diễn ra — chỉ tiêu {target}",
    "report.months_judged": "   Tháng đã xét: {months}.",
    "report.months_none": "   Chưa có tháng nào kết thúc để xét.",
    "report.month_running": "   {month} đang diễn ra: {started}/{teams} tổ đã có việc tốt.",
    "report.in_progress": "đang diễn ra",
    "report.response.title": "⏱ Công an xã phản hồi tin báo, vụ việc của kỳ:",
    "report.response.take": "• Tiếp nhận: trung vị {median}, 90% trong vòng {p90} ({count} tin)",
    "report.response.handle": "• Xử lý xong: trung vị {median}, 90% trong vòng {p90} ({count} tin)",
    "report.response.none": "⏱ Chưa có tin báo, vụ việc nào của kỳ được Công an xã tiếp nhận.",
    "report.response.by_commune": "Từng xã, phường: xem bảng tính.",
    "dur.lt_minute": "dưới 1 phút",
    "dur.minutes": "{m} phút",
    "dur.hours": "{h} giờ",
    "dur.hours_minutes": "{h} giờ {m} phút",
    "dur.days": "{d} ngày",
    "dur.days_hours": "{d} ngày {h} giờ",
    "xlsx.months_judged": "Tháng đã xét (chỉ tiêu việc tốt mỗi tháng): {months}",
    "xlsx.months_none": "Chỉ tiêu việc tốt mỗi tháng: chưa có tháng nào kết thúc để xét.",
    "xlsx.month_running": "{month} đang diễn ra: {started}/{teams} tổ đã có việc tốt.",
    "xlsx.response.title": "Thời gian phản hồi của Công an xã (tin báo, vụ việc của kỳ; giờ:phút)",
    "xlsx.response.place": "Xã, phường",
    "xlsx.response.taken": "Đã tiếp nhận",
    "xlsx.response.take_median": "Trung vị tiếp nhận",
    "xlsx.response.take_p90": "90% tiếp nhận trong",
    "xlsx.response.handled": "Đã xử lý xong",
    "xlsx.response.handle_median": "Trung vị xử lý xong",
    "xlsx.response.handle_p90": "90% xử lý xong trong",
    "xlsx.col.taken_by": "Cán bộ tiếp nhận",
    "xlsx.col.taken_at": "Thời điểm tiếp nhận",
    "xlsx.col.handled_at": "Thời điểm xử lý xong",
    "xlsx.col.note": "Ghi chú của cán bộ",
    "annual.response": (
        "Công an xã tiếp nhận {taken} nguồn tin, vụ việc, trung vị sau {take_median} (90% trong "
        "vòng {take_p90}); đã xử lý xong {handled}, trung vị sau {handle_median} (90% trong vòng "
        "{handle_p90}), tính từ khi tin được gửi."
    ),
    "annual.response.none": "Chưa có nguồn tin, vụ việc nào của kỳ được Công an xã tiếp nhận trên hệ thống.",
    "annual.response.by_commune": "Thời gian phản hồi theo từng xã, phường:",
    "annual.col.taken": "Đã tiếp nhận",
    "annual.col.take_median": "Trung vị tiếp nhận",
    "annual.col.take_p90": "90% tiếp nhận trong",
    "annual.col.handled": "Đã xử lý",
    "annual.col.handle_median": "Trung vị xử lý",
    "annual.tips_none": "a) Nguồn tin về an ninh, trật tự: không phát sinh trong kỳ.",
    "annual.incidents_none": "b) Vụ việc về an ninh, trật tự: không phát sinh trong kỳ.",
    "annual.deeds_none": "Trong kỳ chưa ghi nhận việc tốt nào của lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở.",
    "annual.deeds_running": (
        "Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở đã thực hiện {count} việc tốt; "
        "{month} đang diễn ra nên chưa đánh giá chỉ tiêu việc tốt hằng tháng."
    ),
    "annual.months_judged": "Các tháng đã đánh giá: {months}.",
    "annual.month_running": "{month} đang diễn ra, chưa đánh giá.",
    "annual.in_progress": "Đang diễn ra",
    "annual.in_progress_result": "{month} chưa kết thúc",
    "annual.none_regular": "[Chưa có tập thể nào có việc tốt trong tất cả các tháng đã đánh giá.]",
    "cal.head.past": "⏰ Đã qua hạn ({date}): {name}.",
    # --- Web workspace (issue 12) -------------------------------------------------------------
    "menu.web": "🖥 Trang làm việc",
    "web.only_staff": "Trang làm việc trên trình duyệt dành cho Công an xã, tổ trưởng và quản trị viên.",
    "web.off": "Trang làm việc trên trình duyệt chưa được bật trên máy chủ này.",
    "web.link": (
        "🖥 {name}, đây là link đăng nhập trang làm việc (dùng được 1 lần, trong {minutes} phút):\n"
        "{link}\n\n"
        "Không chuyển link này cho ai. Gõ /web thoat để đăng xuất trên mọi trình duyệt."
    ),
    "web.in_group": "🖥 Mở trang làm việc ngay trong Telegram: {link}\n(Link đăng nhập trên trình duyệt chỉ gửi trong chat riêng: gõ /web ở đó.)",
    "web.private_only": "Để giữ an toàn, link đăng nhập chỉ gửi trong chat riêng: hãy nhắn /web cho bot.",
    "web.button.miniapp": "🖥 Mở trong Telegram",
    "web.button.browser": "🌐 Mở trên trình duyệt",
    "web.signed_in": (
        "🔐 Bạn đã đăng nhập trên trình duyệt ({browser}) lúc {when}.\n"
        "Nếu không phải bạn, gõ ngay /web thoat."
    ),
    "web.signed_out": "Đã đăng xuất {count} phiên trên trình duyệt. Các link đăng nhập chưa dùng cũng hết hiệu lực.",
    "web.title": "Trang làm việc ANTT",
    "web.brand": "🛡 ANTT",
    "web.nav.inbox": "Tin cần xử lý",
    "web.nav.map": "Bản đồ",
    "web.nav.reports": "Báo cáo",
    "web.nav.team": "Tổ của tôi",
    "web.nav.org": "Tổ chức",
    "web.sign_out": "Đăng xuất",
    "web.login.title": "Đăng nhập trang làm việc",
    "web.login.text": "Bấm nút dưới đây để vào trang làm việc trên trình duyệt này.",
    "web.login.button": "Vào trang làm việc",
    "web.link_unknown": "Link đăng nhập không đúng. Gõ /web trong chat với bot để lấy link mới.",
    "web.link_used": "Link đăng nhập này đã được dùng. Mỗi link chỉ dùng 1 lần: gõ /web trong chat để lấy link mới.",
    "web.link_expired": "Link đăng nhập đã hết hạn (10 phút). Gõ /web trong chat để lấy link mới.",
    "web.link_refused": "Tài khoản này không còn quyền vào trang làm việc.",
    "web.miniapp.wait": "Đang đăng nhập qua Telegram…",
    "web.miniapp.noscript": "Hãy mở trang này từ nút trong Telegram, hoặc gõ /web để lấy link đăng nhập.",
    "web.miniapp_refused": "Không xác nhận được thông tin đăng nhập từ Telegram. Hãy mở lại từ nút trong chat, hoặc gõ /web để lấy link.",
    "web.signed_out_page": "Bạn chưa đăng nhập hoặc phiên đã hết hạn. Gõ /web trong chat với bot để lấy link đăng nhập mới.",
    "web.signed_out_here": "Đã đăng xuất trên trình duyệt này.",
    "web.forbidden": "Bạn không có quyền xem trang này.",
    "web.not_your_commune": "Tin này không thuộc xã của bạn: bạn không có quyền xem.",
    "web.police_only": "Trang này dành cho Công an xã và quản trị viên.",
    "web.not_found": "Không tìm thấy trang hoặc tin này.",
    "web.csrf": "Thao tác bị từ chối vì thiếu mã xác nhận của phiên. Hãy tải lại trang rồi làm lại.",
    "web.ago.minutes": "{n} phút trước",
    "web.ago.hours": "{n} giờ trước",
    "web.ago.days": "{n} ngày trước",
    "web.kind.tip": "Tin báo",
    "web.kind.incident": "Vụ việc",
    "web.kind.deed": "Việc tốt",
    "web.urgent": "Khẩn",
    "web.status.open": "Chưa xong",
    "web.status.new": "Mới gửi",
    "web.status.taken": "Đã tiếp nhận",
    "web.status.forwarded": "Chuyển đến",
    "web.status.handled": "Đã xử lý",
    "web.status.all": "Mọi trạng thái",
    "web.quick.week": "Tuần này",
    "web.quick.month": "Tháng này",
    "web.quick.ytd": "Từ đầu năm",
    "web.quick.year": "Năm nay",
    "web.quick.last_year": "Năm trước",
    "web.inbox.title": "Tin báo, vụ việc",
    "web.inbox.search": "Tìm theo mã (TB-2026-12) hoặc từ, có dấu hay không",
    "web.inbox.total": "{count} tin",
    "web.inbox.total_more": "Hơn {count} tin (thu hẹp bộ lọc để xem hết)",
    "web.inbox.empty": "Không có tin nào.",
    "web.inbox.older": "Trang sau →",
    "web.inbox.newest": "← Mới nhất",
    "web.filter.kind": "Loại",
    "web.filter.all_kinds": "Mọi loại",
    "web.filter.status": "Trạng thái",
    "web.filter.commune": "Xã",
    "web.filter.all_communes": "Mọi xã",
    "web.filter.village": "Thôn",
    "web.filter.all_villages": "Mọi thôn",
    "web.filter.period": "Thời gian",
    "web.filter.any_time": "Mọi lúc",
    "web.filter.dates": "Hoặc gõ: tháng 10, 01/01/2026-31/03/2026",
    "web.filter.urgent": "Chỉ tin khẩn",
    "web.filter.apply": "Lọc",
    "web.entry.category": "Loại",
    "web.entry.village": "Thôn, xã",
    "web.entry.team": "Tổ",
    "web.entry.reporter": "Người gửi",
    "web.entry.direct": "người dân báo trực tiếp Công an",
    "web.entry.filed": "Gửi lúc",
    "web.entry.occurred": "Xảy ra lúc",
    "web.entry.place": "Nơi",
    "web.entry.description": "Nội dung",
    "web.entry.injuries": "Có người bị thương",
    "web.entry.on_scene": "Tổ có mặt",
    "web.entry.action": "Tổ đã làm",
    "web.entry.doers": "Người làm",
    "web.entry.helped": "Người được giúp",
    "web.entry.source": "Nguồn tin",
    "web.entry.source_secret": "🔒 Cần giữ bí mật",
    "web.entry.show_source": "Xem nguồn tin",
    "web.entry.source_logged": "Việc xem nguồn tin được ghi lại.",
    "web.entry.photos": "Ảnh ({count})",
    "web.entry.photo": "Ảnh {n}",
    "web.entry.map": "Vị trí",
    "web.entry.no_location": "Người gửi không chia sẻ vị trí: bản đồ chỉ trung tâm xã.",
    "web.entry.actions": "Xử lý",
    "web.entry.note": "Ghi chú khi xử lý xong (không bắt buộc)",
    "web.entry.forward_to": "Chuyển sang xã",
    "web.entry.followups": "Bổ sung",
    "web.entry.history": "Lịch sử xử lý",
    "web.history.filed": "gửi: {name}",
    "web.history.take": "✋ tiếp nhận: {name}",
    "web.history.handle": "✅ đã xử lý: {name}",
    "web.history.forward": "↪️ chuyển sang {commune}: {name}",
    "web.history.source": "🔒 xem nguồn tin: {name}",
    "web.map.title": "Bản đồ tin báo, vụ việc",
    "web.map.loading": "Đang tải các điểm…",
    "web.map.empty": "Không có tin nào có vị trí trong thời gian này.",
    "web.map.count": "{n} điểm có vị trí.",
    "web.map.capped": "(chỉ vẽ {n} điểm mới nhất)",
    "web.map.open": "mở",
    "web.map.noscript": "Bản đồ cần JavaScript. Danh sách tin ở mục «Tin cần xử lý».",
    "web.reports.province": "Toàn tỉnh",
    "web.reports.typed": "Hoặc gõ kỳ: quý 3, 2025, 01/01/2026-31/03/2026",
    "web.reports.chart": "Biểu đồ số tin theo thời gian",
    "web.reports.xlsx": "Bảng tính Excel",
    "web.reports.docx": "Dự thảo báo cáo năm (Word)",
    "web.team.months": "Việc tốt theo tháng (năm nay)",
    "web.team.met": "có việc tốt",
    "web.team.missing": "chưa có",
    "web.team.entries": "Tin của tổ ({count})",
    "web.org.tree": "Xã, thôn và tổ",
    "web.org.add": "Thêm thôn",
    "web.org.village_name": "Tên thôn, tổ dân phố mới",
    "web.org.commune_name": "Tên xã, phường mới",
    "web.org.add_commune": "Thêm xã",
    "web.org.commune_added": "Đã thêm {name} ({ref}).",
    "web.org.village_added": "Đã thêm {village} và {team} ({ref}).",
    "web.org.village_usage": "Hãy chọn xã và gõ tên thôn.",
    "web.org.invites": "Mã mời",
    "web.org.role": "Vai trò",
    "web.org.team": "Tổ (tổ viên, tổ trưởng)",
    "web.org.commune_for_police": "Xã (công an xã)",
    "web.org.create_invite": "Tạo mã mời",
    "web.org.invite_hint": "Tổ viên và tổ trưởng theo tổ đã chọn; công an xã theo xã đã chọn.",
    "web.org.invite_added": "Đã tạo mã mời {code}: {role}, {place}; dùng đến {expires}, tối đa {uses} người.",
    "web.org.revoke": "Thu hồi",
    "web.org.people": "Người dùng ({count})",
    "web.org.remove": "Xóa",
    "web.org.calendar": "Lịch: đợt thi đua và hạn",
    "web.org.report_due": "báo cáo {date}",
    "web.org.deadline_name": "Tên hạn mới",
    "web.org.deadline_date": "Ngày hạn",
    "web.org.date_usage": "Ngày hạn cần dạng dd/mm/yyyy, ví dụ 15/11/2026.",
    "web.org.report_reminder": "Nhắc việc còn thiếu",
    "web.org.add_deadline": "Thêm hạn",
    "web.org.phase_name": "Tên đợt thi đua mới",
    "web.org.phase_start": "Từ ngày (dd/mm/yyyy)",
    "web.org.phase_end": "Đến ngày",
    "web.org.phase_report": "Ngày báo cáo",
    "web.org.add_phase": "Thêm đợt",
    "web.audience.leaders": "Tổ trưởng",
    "web.audience.members": "Mọi tổ viên",
    "web.audience.police": "Nhóm Công an xã",
    "web.audience.admins": "Quản trị",
    "alert.web": "🖥 Xử lý trên trang làm việc: {url}",
    "digest.web": "🖥 Xem và xử lý: {url}",
    # --- Police see every tip in time (issue 10 §4) -------------------------------------------
    "alert.head.routine.tip": "📝 TIN BÁO · {code}",
    "alert.head.routine.incident": "⚠️ VỤ VIỆC · {code}",
    "alert.head.routine.deed": "🌟 VIỆC TỐT · {code}",
    "alert.doers": "Người thực hiện: {doers}",
    "alert.helped": "Người được giúp: {helped}",
    "alert.status.note_shared": "Ghi chú (đã gửi người báo tin): {note}",
    "alert.sent_quiet": "📨 Tin đang được gửi tới Công an xã.",
    "alert.in_digest": (
        "🗞 Công an xã sẽ xem tin này trong bản tin lúc {time} ngày {date}. Nếu khẩn cấp, hãy "
        "gọi ngay cho Công an xã hoặc số 113."
    ),
    "alert.nobody_routine": (
        "⚠️ Xã chưa có kênh nhận tin của Công an trên bot, tin đã được lưu. Nếu cần báo gấp, "
        "hãy gọi cho Công an xã hoặc số 113."
    ),
    "escalate.lead.1": "⏰ NHẮC LẠI: tin khẩn chưa ai tiếp nhận sau {minutes} phút.",
    "escalate.lead.2": (
        "⏰ Tin khẩn của {commune} chưa ai tiếp nhận sau {minutes} phút — gửi riêng từng cán bộ."
    ),
    "escalate.lead.3": (
        "⏰ BÁO QUẢN TRỊ: tin khẩn của {commune} chưa cán bộ nào tiếp nhận sau {minutes} phút."
    ),
    "escalate.describe": "Nhắc tin khẩn {code}, bước {step}",
    "untaken.head": "⏰ CHƯA TIẾP NHẬN SAU {hours} GIỜ LÀM VIỆC — {commune}: {count} tin",
    "untaken.line": "• {code} · {category} · {village} · gửi {when}",
    "untaken.hint": "Bấm nút để tiếp nhận, hoặc gõ /tiepnhan <mã tin>.",
    "untaken.hint@zalo": "Tiếp nhận: gõ /tiepnhan <mã tin>.",
    "untaken.take": "✋ {code}",
    "untaken.admin_head": (
        "⏰ {count} tin chưa được Công an xã tiếp nhận sau {hours} giờ làm việc:"
    ),
    "untaken.admin_line": "• {commune} ({count}): {codes}",
    "untaken.admin_hint": "Xem từng tin: /lichsu <mã tin>.",
    "untaken.describe": "Danh sách tin chưa tiếp nhận ({when})",
    "digest.take_hint": "👉 Tiếp nhận: gõ /tiepnhan <mã tin>; xem chi tiết: /lichsu <mã tin>.",
    "police.note.shared": "📨 Ghi chú đã được gửi cho người báo tin.",
    "police.note.internal": "🔒 Ghi chú chỉ lưu nội bộ, không gửi người báo tin.",
    "police.note.kept": "Ghi chú đã được lưu (không có người báo tin để gửi).",
    "police.note.too_long": "Ghi chú dài {length} ký tự; tối đa {limit}. Hãy viết ngắn lại.",
    "police.notice.handled_note": (
        "✅ Tin {code} của bạn đã được Công an xã xử lý xong ({when}).\n"
        "Công an xã nhắn: {note}\nCảm ơn bạn!"
    ),
    "police.history.note_shared": "(đã gửi người báo tin)",
    "police.routine.show": "Tin thường (không khẩn) của {commune}:",
    "police.routine.saved": "✅ Đã lưu cách nhận tin thường của {commune}:",
    "police.routine.now": "📨 gửi ngay vào nhóm, không chuông (tin khẩn luôn có chuông).",
    "police.routine.digest": (
        "🗞 chỉ có trong bản tin; bản tin tới lúc {time} ngày {date}. Tin khẩn vẫn được báo "
        "ngay, có chuông."
    ),
    "police.routine.no_digest": (
        "🗞 chỉ có trong bản tin — nhưng xã chưa có bản tin nào được lên lịch (/lichbantin) "
        "hoặc chưa có nhóm nhận bản tin, nên tin thường vẫn được gửi ngay."
    ),
    "police.routine.not_yours": "Bạn chỉ đổi được cách nhận tin của xã mình.",
    "police.routine.usage": (
        "Đổi: /tinthuong ngay (gửi ngay, không chuông) hoặc /tinthuong bantin (chỉ trong bản "
        "tin). Quản trị thêm mã xã: /tinthuong X3 bantin."
    ),
    # --- First tip in five inputs; the language is the person's choice (issue 10) -----
    "nav.typed.done": "xong",
    "nav.typed.skip": "bỏ qua",
    "nav.typed.back": "0",
    "nav.typed.cancel": "/huy",
    "flow.cancel_ask": "Hủy {title} đang soạn? Những gì bạn đã nhập sẽ bị xóa.",
    "flow.cancel_yes": "🗑 Có, hủy",
    "flow.cancel_no": "↩️ Không, soạn tiếp",
    "photos.offer": "📷 Thêm ảnh",
    "photos.offer_more": "📷 Thêm ảnh (đã có {count})",
    "photos.got@zalo": "Đã nhận ảnh thứ {count}. Gửi thêm, hoặc gõ «xong».",
    "photos.kept": "Ảnh sẽ được gửi kèm. Mời trả lời tiếp câu hỏi ở trên.",
    "flow.answer_above": "Mời trả lời tiếp câu hỏi ở trên.",
    "tip.urgent.offer": "🚨 Khẩn cấp",
    "tip.urgent.undo": "↩️ Không khẩn cấp",
    "tip.source.offer": "🔒 Có người cung cấp tin cần giữ bí mật",
    "tip.source.change": "🔒 Sửa người cung cấp tin",
    "tip.source.kept": "{source} (🔒 giữ bí mật)",
    "deed.helped.offer": "👤 Thêm người được giúp",
    "deed.helped.change": "👤 Sửa người được giúp",
    "news": "tin",
    "news.kind.title": "Loại",
    "news.kind.ask": (
        "📝 Gửi tin này cho Công an xã? Chọn loại tin báo; vụ việc đã xảy ra hoặc việc tốt "
        "ở cuối danh sách."
    ),
    "news.kind.ask@zalo": (
        "📝 Gửi tin này cho Công an xã? Chọn loại tin báo; vụ việc đã xảy ra: trả lời 11, "
        "việc tốt: 12."
    ),
    "news.kind.incident": "⚠️ Vụ việc đã xảy ra",
    "news.kind.deed": "🌟 Việc tốt",
    "news.added": "Đã thêm vào nội dung. Chọn loại tin ở trên để gửi tiếp.",
    "typed.deed": "/viectot",
    "typed.team": "/cuato",
    "typed.followup": "/bosung {code}",
    "typed.mute": "/caidat tat",
    "typed.unmute": "/caidat bat",
    "typed.language": "/caidat {code}",
    "typed.report": "/baocao {scope} {period}",
    "typed.province": "tỉnh",
    "typed.week": "tuần này",
    "typed.month": "tháng này",
    "typed.ytd": "từ đầu năm",
    "typed.year": "năm nay",
    "typed.last_year": "năm trước",
    "fallback.chatter": (
        "Chào bạn! Có tin cần báo thì cứ gõ nội dung vào đây, hoặc chọn một mục ở bàn phím "
        "bên dưới."
    ),
    "fallback.chatter@zalo": "Chào bạn! Có tin cần báo thì cứ gõ nội dung vào đây, hoặc gõ số của một mục bên dưới.",
    "fallback.too_long": (
        "Tin nhắn dài quá (tối đa 2000 ký tự). Vui lòng viết gọn lại, hoặc gửi phần chính "
        "trước rồi bổ sung sau bằng /bosung."
    ),
    "report.flow": "báo cáo",
    "report.flow.period": "Kỳ báo cáo",
    "report.ask_period.command": (
        "📊 Báo cáo của {scope}: chọn kỳ báo cáo, hoặc gõ /baocao kèm kỳ (ví dụ: /baocao "
        "tháng 10, /baocao 2025, /baocao 01/01/2026-31/03/2026)."
    ),
    # --- Zalo first: police groups, short answers, photos (issue 13) ---------------------------
    "quick.word.take": "nhận",
    "quick.word.done": "xong",
    "zalo.quick.both": "👉 Trả lời «{take} {n}» để tiếp nhận, «{done} {n}» khi đã xử lý.",
    "zalo.quick.take": "👉 Trả lời «{take} {n}» để tiếp nhận.",
    "zalo.quick.done": "👉 Trả lời «{done} {n}» khi đã xử lý.",
    "zalo.quick.many.both": (
        "👉 Trả lời «{take} <số>» để tiếp nhận, «{done} <số>» khi đã xử lý (số trong [ ] "
        "trước mã tin)."
    ),
    "zalo.quick.many.take": "👉 Trả lời «{take} <số>» để tiếp nhận (số trong [ ] trước mã tin).",
    "zalo.quick.many.done": "👉 Trả lời «{done} <số>» khi đã xử lý (số trong [ ] trước mã tin).",
    "zalo.voices_elsewhere": (
        "🎤 Kèm {count} ghi âm: nghe trên trang làm việc (Zalo chỉ phát ghi âm trong trò chuyện "
        "riêng)."
    ),
    "zalo.media_refused": "🖼 {count} ảnh hoặc ghi âm chưa gửi được qua Zalo: xem trên trang làm việc.",
    "alert.source_secret@zalo": (
        "Người cung cấp tin: 🔒 giữ bí mật. Cán bộ Công an xã gõ /nguontin <mã tin> để nhận riêng."
    ),
    "police.quick.unknown": (
        "Không có tin số {n} trong cuộc trò chuyện này. Dùng số ghi trong tin báo, ví dụ "
        "«nhận 12», hoặc mã tin: «nhận TB-2026-000012»."
    ),
    "police.quick.which": (
        "Tin nào? Trả lời kèm số của tin, ví dụ «{word} 12» (số ghi trong tin báo), hoặc bấm "
        "«Trả lời» vào chính tin báo đó."
    ),
    "police.quick.by": "{name}: {answer}",
    "admin.link.no_groups": (
        "⚠️ Chưa liên kết được nhóm: Zalo chưa cho bot này vào nhóm chat (getMe báo "
        "can_join_groups = false). Tin của {commune} vẫn được gửi riêng cho từng cán bộ Công an "
        "xã trên Zalo. Khi Zalo mở tính năng nhóm cho bot, gõ lại @tên bot /lienketnhom {ref} "
        "trong nhóm."
    ),
    "admin.link.done@zalo": (
        "✅ Nhóm này đã là nhóm Công an của {commune}. Tin mới của xã sẽ được gửi vào đây, mỗi tin "
        "có một số: bấm «Trả lời» vào tin của bot rồi gõ «nhận 12» để tiếp nhận, «xong 12» khi "
        "đã xử lý (Zalo chỉ chuyển cho bot tin trả lời bot hoặc có @tên bot)."
    ),
    "web.media_link": "Liên kết này đã hết hạn hoặc không đúng.",
    # --- Finding one's own id for `admins` (issue 11) -------------------------------------------
    "id.yours": (
        "🆔 Mã số {channel} của bạn: {id}\n\n"
        "Người cài đặt bot ghi mã này vào {setting} trong tệp config.toml để bạn làm quản trị. "
        "Mã này không phải mật khẩu: biết nó, không ai vào được tài khoản của bạn."
    ),
    # --- Faults: lost police groups, a busy database (issue 11) -------------------------------
    "police_chat.lost": (
        "⚠️ Bot không còn gửi được vào nhóm «{title}» (nhóm Công an của {commune}, {ref}): "
        "bot đã bị xóa khỏi nhóm, chưa được thêm vào nhóm hoặc không được phép gửi tin. Nhóm "
        "đã được gỡ liên kết; tin của xã được gửi riêng cho từng cán bộ Công an xã và quản trị.\n"
        "Để liên kết lại: thêm bot vào nhóm, rồi gõ /lienketnhom {ref} trong nhóm."
    ),
    "police_chat.back": (
        "Bot đã được thêm lại vào nhóm «{title}» (trước đây là nhóm Công an của {commune}). "
        "Nhóm chưa nhận tin báo: gõ /lienketnhom {ref} trong nhóm để liên kết lại."
    ),
    "alert.undelivered": (
        "⚠️ Chưa chuyển được tin {code} đến Công an xã. Nếu khẩn cấp, hãy gọi ngay cho Công an "
        "xã hoặc số 113."
    ),
    "system.busy": "⏳ Hệ thống đang bận, vui lòng gửi lại sau.",
    # --- Web workspace: join requests on the page, revoked invites (issue 12) ------------
    "join.cancelled": (
        "Mã mời bạn đã mở đã bị thu hồi, nên yêu cầu tham gia {place} của bạn đã bị hủy. Nếu "
        "cần, hãy xin mã mời mới từ người đã đưa mã cho bạn."
    ),
    "join.already.cancelled": "Yêu cầu {ref} ({name}) đã bị hủy lúc {at}, khi {by} thu hồi mã mời.",
    "join.revoke.cancelled": "Đã hủy {count} yêu cầu đang chờ duyệt bằng mã này và đã báo cho họ: {names}.",
    "web.join.title": "Chờ duyệt ({count})",
    "web.join.hint": (
        "Người chờ duyệt chưa nhận được gì. Chỉ duyệt người bạn đã trực tiếp đưa mã; nếu không "
        "chắc, hãy từ chối."
    ),
    "web.join.opened": "mở mã {code} lúc {at}",
    "web.join.approvers": "Người có quyền duyệt: {approvers}.",
    "web.join.approve": "✅ Duyệt",
    "web.join.refuse": "❌ Từ chối",
    "web.join.waiting": "🔐 {count} người đang chờ duyệt tham gia.",
    "web.join.see": "Xem và duyệt",
    "web.join.denied": "Bạn không có quyền duyệt yêu cầu này (hoặc không có yêu cầu này).",
}
