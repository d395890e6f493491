"""The Vietnamese speech-text normaliser, as a table of cases."""

from __future__ import annotations

import pytest

from voice.normalize import digits_to_words, normalize, number_to_words

CASES: list[tuple[str, str]] = [
    # abbreviations
    ("Mở ứng dụng VNeID", "Mở ứng dụng vê en ê ai đi"),
    ("Số CCCD của bác", "Số căn cước công dân của bác"),
    ("Nhập mã OTP", "Nhập mã ô tê pê"),
    ("Quét mã QR", "Quét mã kiu a"),
    ("Thẻ BHYT", "Thẻ bảo hiểm y tế"),
    ("Rút tiền ở ATM", "Rút tiền ở a tê em"),
    ("Tin nhắn SMS", "Tin nhắn ét em ét"),
    ("Bật Wi-Fi hoặc 4G", "Bật oai phai hoặc bốn giê"),
    ("Mã PIN, NFC, tệp APK", "Mã pin, en ép xê, tệp a pê ca"),
    ("Vào dichvucong.gov.vn nhé", "Vào dichvucong chấm gốp chấm vê en nhé"),
    ("Trang baohiemxahoi.gov.vn.", "Trang baohiemxahoi chấm gốp chấm vê en."),
    # money
    ("Phí 45.000 đ", "Phí bốn mươi lăm nghìn đồng"),
    ("Giá 45.000 đồng", "Giá bốn mươi lăm nghìn đồng"),
    ("Chuyển 1.500.000 VNĐ", "Chuyển một triệu năm trăm nghìn đồng"),
    ("Lương 12 triệu", "Lương mười hai triệu"),
    ("Vay 12 triệu đồng", "Vay mười hai triệu đồng"),
    ("1,5 triệu đồng", "một phẩy năm triệu đồng"),
    ("Tiền điện 305.000đ", "Tiền điện ba trăm linh năm nghìn đồng"),
    # dates and times
    ("ngày 12/03/2024", "ngày mười hai tháng ba năm hai nghìn không trăm hai mươi tư"),
    ("Hạn 5/4/2025", "Hạn ngày mùng năm tháng tư năm hai nghìn không trăm hai mươi lăm"),
    ("Lúc 8:30", "Lúc tám giờ ba mươi phút"),
    ("Mở cửa 7h00", "Mở cửa bảy giờ"),
    # phone and ID numbers, digit by digit in groups
    ("Gọi 0912 345 678", "Gọi không chín một hai, ba bốn năm, sáu bảy tám"),
    ("Gọi 0912345678", "Gọi không chín một hai, ba bốn năm, sáu bảy tám"),
    ("Gọi 0912.345.678", "Gọi không chín một hai, ba bốn năm, sáu bảy tám"),
    ("+84 912 345 678", "cộng tám bốn, chín một hai, ba bốn năm, sáu bảy tám"),
    ("Tổng đài 1900 1234", "Tổng đài một chín không không, một hai ba bốn"),
    (
        "CCCD 001234567890",
        "căn cước công dân không không một, hai ba bốn, năm sáu bảy, tám chín không",
    ),
    ("Mã 123456", "Mã một hai ba, bốn năm sáu"),
    # plain numbers, percentages, decimals
    ("Bước 1. Bấm nút", "Bước một. Bấm nút"),
    ("Có 21 người", "Có hai mươi mốt người"),
    ("Năm 2024 có 3.500 người", "Năm hai nghìn không trăm hai mươi tư có ba nghìn năm trăm người"),
    ("Giảm 50%", "Giảm năm mươi phần trăm"),
    ("Được 8,5 điểm", "Được tám phẩy năm điểm"),
    ("Bác & cháu", "Bác và cháu"),
    # NFD input comes out NFC
    ("Xin cha\u0300o", "Xin chào"),
]


@pytest.mark.parametrize(("text", "spoken"), CASES)
def test_vietnamese_cases(text: str, spoken: str) -> None:
    assert normalize(text) == spoken


NUMBERS: list[tuple[int, str]] = [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (1000, "một nghìn"),
    (1005, "một nghìn không trăm linh năm"),
    (1050, "một nghìn không trăm năm mươi"),
    (45000, "bốn mươi lăm nghìn"),
    (1_000_005, "một triệu không trăm linh năm"),
    (2_000_000_000, "hai tỷ"),
    (3_500_000_000, "ba tỷ năm trăm triệu"),
]


@pytest.mark.parametrize(("n", "words"), NUMBERS)
def test_number_reading(n: int, words: str) -> None:
    assert number_to_words(n) == words


def test_southern_words() -> None:
    assert number_to_words(1005, south=True) == "một ngàn không trăm lẻ năm"
    assert normalize("Phí 45.000 đ", south=True) == "Phí bốn mươi lăm ngàn đồng"


def test_digit_groups() -> None:
    assert digits_to_words("0912345678") == "không chín một hai, ba bốn năm, sáu bảy tám"
    assert digits_to_words("1234", (2, 2)) == "một hai, ba bốn"


def test_english_passes_through() -> None:
    text = "Press Next. Call 0912 345 678 on 12/03/2024, www.example.com"
    assert normalize(text, "en") == text
    assert normalize("  two   spaces ", "en") == "two spaces"
