"""Vietnamese speech text: turn what espeak-ng reads badly into words it reads well.

Qt-free. :func:`normalize` is applied to every text before it is synthesised (and before the
cache key is computed), so the narration in the lesson files stays written the way people read it
on screen: "VNeID", "45.000 đ", "12/03/2024", "0912 345 678".

The rules, in order:

1. web addresses (``dichvucong.gov.vn`` → "dichvucong chấm gốp chấm vê en");
2. dates ``dd/mm/yyyy`` → "ngày mười hai tháng ba năm hai nghìn không trăm hai mươi tư";
3. times ``8:30`` / ``8h30`` → "tám giờ ba mươi phút";
4. phone numbers (``0912 345 678``, ``+84 912 345 678``) → digit by digit in their written groups;
5. money (``45.000 đ``, ``45.000 đồng``, ``45.000 VNĐ``) → "bốn mươi lăm nghìn đồng";
6. percentages and decimals (``50%``, ``8,5``);
7. long codes and numbers with a leading zero (CCCD, OTP) → digit by digit in groups;
8. abbreviations (VNeID, CCCD, OTP, QR, BHYT, ATM, SMS, Wi-Fi, 4G, PIN, NFC, APK …);
9. every other integer (``12``, ``2024``, ``1.500.000``) → words.

English text (``lang="en"``) passes through (NFC, single spaces): espeak-ng's English voice reads
numbers, dates and abbreviations itself.

Bare digit runs of five or more digits are codes (OTP, CCCD, account numbers) and are read digit by
digit; amounts of money are written with dots (``1.500.000``) and are read as numbers.
"""

from __future__ import annotations

import re
import unicodedata

#: Bump when the output for some input changes: it is part of the WAV cache key.
NORMALIZER_VERSION = "1"

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _below_thousand(n: int, *, full: bool, south: bool) -> str:
    """Read 0 < n < 1000; ``full`` adds "không trăm" / "linh" as inside a longer number."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("lẻ" if south else "linh")
            words.append(_DIGITS[units])
        return " ".join(words)
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return " ".join(words)


def number_to_words(n: int, *, south: bool = False) -> str:
    """Read a non-negative integer the Vietnamese way.

    Args:
        n: The number, 0 or more.
        south: Use the Southern words ("ngàn", "lẻ") instead of the Northern ("nghìn", "linh").

    Returns:
        The words, e.g. ``45000`` → "bốn mươi lăm nghìn", ``105`` → "một trăm linh năm",
        ``21`` → "hai mươi mốt", ``2024`` → "hai nghìn không trăm hai mươi tư".
    """
    if n < 0:
        return "âm " + number_to_words(-n, south=south)
    if n == 0:
        return "không"
    if n >= 1_000_000_000:
        high, low = divmod(n, 1_000_000_000)
        head = number_to_words(high, south=south) + " tỷ"
        return head if low == 0 else head + " " + _group_words(low, south=south, leading=False)
    return _group_words(n, south=south, leading=True)


def _group_words(n: int, *, south: bool, leading: bool) -> str:
    """Read 0 < n < 10⁹ in groups of three digits (triệu, nghìn, units)."""
    thousand = "ngàn" if south else "nghìn"
    parts: list[str] = []
    for scale, name in ((1_000_000, "triệu"), (1_000, thousand), (1, "")):
        group = (n // scale) % 1000
        if group == 0:
            continue
        full = not leading or bool(parts)
        words = _below_thousand(group, full=full and group < 100, south=south)
        parts.append(f"{words} {name}".strip())
    return " ".join(parts)


def digits_to_words(digits: str, groups: tuple[int, ...] | None = None) -> str:
    """Read a string of digits one by one, with a pause (comma) between groups.

    Args:
        digits: Only the characters 0–9.
        groups: Group sizes; by default they follow how Vietnamese phone and ID numbers are said.

    Returns:
        e.g. ``"0912345678"`` → "không chín một hai, ba bốn năm, sáu bảy tám".
    """
    if groups is None:
        groups = _default_groups(len(digits))
    out: list[str] = []
    start = 0
    for size in groups:
        chunk = digits[start : start + size]
        if chunk:
            out.append(" ".join(_DIGITS[int(d)] for d in chunk))
        start += size
    if start < len(digits):
        out.append(" ".join(_DIGITS[int(d)] for d in digits[start:]))
    return ", ".join(out)


_GROUPS = {
    5: (2, 3),
    6: (3, 3),
    7: (3, 4),
    8: (4, 4),
    9: (3, 3, 3),
    10: (4, 3, 3),
    11: (4, 3, 4),
    12: (3, 3, 3, 3),
}


def _default_groups(length: int) -> tuple[int, ...]:
    if length <= 4:
        return (length,)
    if length in _GROUPS:
        return _GROUPS[length]
    return tuple([3] * (length // 3)) + ((length % 3,) if length % 3 else ())


#: Abbreviations → how to say them. Matched whole-word; the keys are case-sensitive except where
#: several spellings are listed.
ABBREVIATIONS: dict[str, str] = {
    "VNeID": "vê en ê ai đi",
    "VNEID": "vê en ê ai đi",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "UBND": "ủy ban nhân dân",
    "OTP": "ô tê pê",
    "QR": "kiu a",
    "ATM": "a tê em",
    "SMS": "ét em ét",
    "Wi-Fi": "oai phai",
    "WiFi": "oai phai",
    "Wifi": "oai phai",
    "wifi": "oai phai",
    "3G": "ba giê",
    "4G": "bốn giê",
    "5G": "năm giê",
    "PIN": "pin",
    "NFC": "en ép xê",
    "APK": "a pê ca",
    "PDF": "pê đê ép",
    "USB": "u ét bê",
    "SIM": "sim",
    "ID": "ai đi",
    "OK": "ô kê",
    "Ok": "ô kê",
    "TP.": "thành phố",
    "Zalo": "da lô",
    "Facebook": "phây búc",
    "email": "i meo",
    "Email": "i meo",
    "Gmail": "gờ meo",
    "Internet": "in tơ nét",
    "internet": "in tơ nét",
    "online": "on lai",
    "app": "áp",
    "App": "áp",
    "VND": "đồng",
    "VNĐ": "đồng",
}

_DOMAINS = (
    (".gov.vn", " chấm gốp chấm vê en"),
    (".com.vn", " chấm com chấm vê en"),
    (".edu.vn", " chấm ê đu chấm vê en"),
    (".vn", " chấm vê en"),
    (".com", " chấm com"),
)

_WORD = r"[0-9A-Za-zÀ-ỹĐđ_]"


_DOMAIN_RES = tuple(
    (re.compile(rf"(?<={_WORD}){re.escape(suffix)}(?!{_WORD}|\.{_WORD})"), spoken)
    for suffix, spoken in _DOMAINS
)


def _web(text: str) -> str:
    text = text.replace("https://", "").replace("http://", "")
    text = re.sub(r"\bwww\.", "vê kép vê kép vê kép chấm ", text)
    for pattern, spoken in _DOMAIN_RES:
        text = pattern.sub(spoken, text)
    return text


def _date(m: re.Match[str], south: bool) -> str:
    day, month, year = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return m.group(0)
    lead = m.group("ngay") or "ngày "
    day_words = ("mùng " if day <= 10 else "") + number_to_words(day, south=south)
    month_words = "tư" if month == 4 else number_to_words(month, south=south)
    year_words = number_to_words(year, south=south)
    return f"{lead}{day_words} tháng {month_words} năm {year_words}"


def _time(m: re.Match[str], south: bool) -> str:
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 24 or minute > 59:
        return m.group(0)
    words = number_to_words(hour, south=south) + " giờ"
    if minute:
        words += " " + number_to_words(minute, south=south) + " phút"
    return words


def _phone(m: re.Match[str]) -> str:
    raw = m.group(0)
    lead = ""
    if raw.startswith("+84"):
        lead = "cộng tám bốn, "
        raw = raw[3:]
    groups = [g for g in re.split(r"[ .\-]", raw) if g]
    if len(groups) == 1:
        return lead + digits_to_words(groups[0])
    return lead + ", ".join(digits_to_words(g, (len(g),)) for g in groups)


def _plain_int(token: str) -> int:
    return int(token.replace(".", ""))


def _money(m: re.Match[str], south: bool) -> str:
    amount = m.group(1)
    if "," in amount:
        whole, frac = amount.split(",", 1)
        words = number_to_words(_plain_int(whole), south=south) + " phẩy " + _frac(frac, south)
    else:
        words = number_to_words(_plain_int(amount), south=south)
    unit = m.group(2) or ""
    return f"{words} {unit} đồng".replace("  ", " ")


def _frac(frac: str, south: bool) -> str:
    if frac.startswith("0"):
        return " ".join(_DIGITS[int(d)] for d in frac)
    return number_to_words(int(frac), south=south)


def _decimal(m: re.Match[str], south: bool) -> str:
    whole = number_to_words(_plain_int(m.group(1)), south=south)
    return whole + " phẩy " + _frac(m.group(2), south)


def _percent(m: re.Match[str], south: bool) -> str:
    words = number_to_words(int(m.group(1)), south=south)
    if m.group(2):
        words += " phẩy " + _frac(m.group(2), south)
    return words + " phần trăm"


def _integer(m: re.Match[str], south: bool) -> str:
    token = m.group(0)
    if "." in token:
        return number_to_words(_plain_int(token), south=south)
    if (len(token) > 1 and token.startswith("0")) or len(token) >= 5:
        return digits_to_words(token)
    return number_to_words(int(token), south=south)


_ABBREVIATION_RE = re.compile(
    rf"(?<!{_WORD})(?:"
    + "|".join(re.escape(k) for k in sorted(ABBREVIATIONS, key=len, reverse=True))
    + rf")(?!{_WORD})"
)
_DATE_RE = re.compile(r"(?P<ngay>\b[Nn]gày\s+)?\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\b")
_TIME_RE = re.compile(r"\b(\d{1,2})(?::|h)(\d{2})\b")
_PHONE_RE = re.compile(
    r"(?<![\d.,])(?:\+84[ .]?|0)\d{1,4}(?:[ .\-]\d{2,4}){1,3}(?![\d]|[.,]\d)|"
    r"\+84\d{9,10}(?!\d)|"
    r"(?<![\d.,])(?:1800|1900)[ .]?\d{3,4}(?![\d]|[.,]\d)"
)
_MONEY_RE = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*"
    r"(nghìn|ngàn|triệu|tỷ)?\s*(?:đồng|VNĐ|VND|vnđ|đ)(?!" + _WORD + ")"
)
_PERCENT_RE = re.compile(r"(?<![\d.,])(\d+)(?:,(\d+))?\s*%")
_DECIMAL_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*|\d+),(\d+)(?![\d.,]\d)")
_INTEGER_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d]|[.,]\d)|\d+")
_SPACES_RE = re.compile(r"\s+")


def normalize(text: str, lang: str = "vi", *, south: bool = False) -> str:
    """Rewrite ``text`` so that espeak-ng reads it well.

    Args:
        text: The narration as shown on screen.
        lang: ``"vi"`` applies every rule; any other language passes through.
        south: Use Southern number words ("ngàn", "lẻ"), for the Southern voice.

    Returns:
        The text to synthesise, NFC-normalised, with single spaces.
    """
    text = unicodedata.normalize("NFC", text)
    if lang != "vi":
        return _SPACES_RE.sub(" ", text).strip()
    text = _web(text)
    text = _DATE_RE.sub(lambda m: _date(m, south), text)
    text = _TIME_RE.sub(lambda m: _time(m, south), text)
    text = _PHONE_RE.sub(_phone, text)
    text = _MONEY_RE.sub(lambda m: _money(m, south), text)
    text = _PERCENT_RE.sub(lambda m: _percent(m, south), text)
    text = _DECIMAL_RE.sub(lambda m: _decimal(m, south), text)
    text = _ABBREVIATION_RE.sub(lambda m: ABBREVIATIONS[m.group(0)], text)
    text = _INTEGER_RE.sub(lambda m: _integer(m, south), text)
    text = text.replace("&", " và ")
    return _SPACES_RE.sub(" ", text).strip()
