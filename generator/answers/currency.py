"""Currencies: ISO 4217 codes, the marks people type for them, and how money is printed.

`campaign.currency` holds an ISO 4217 code. What users type instead (`RMB`, `元`, `￥`,
`美元`, `$`, `¥`) is mapped here: a mark that names one currency becomes its code; a mark
several currencies use (`$`, `¥`) is refused with a did-you-mean, because guessing would
print the wrong symbol on every page. A mark typed with an amount (`$20,000`) is checked
against the campaign's currency by `compatible()`.
"""

from __future__ import annotations

import difflib
import re

from generator.locales import Message, listing, msg

# Active ISO 4217 codes and their minor-unit digits (how many decimals a unit cost shows).
_THREE = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"}
_ZERO = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND",
         "VUV", "XAF", "XOF", "XPF"}
_TWO = re.findall(r"[A-Z]{3}", """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN
BWP BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL
GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR
LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB
PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP
SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD XCG YER ZAR ZMW ZWG""")
CODES: dict[str, int] = {**{c: 2 for c in _TWO}, **{c: 0 for c in _ZERO},
                         **{c: 3 for c in _THREE}}

# How an amount is printed: ¥200,000, $50,000, €1,200; codes without a symbol print as
# "1,000 CHF".
SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "HKD": "HK$",
           "TWD": "NT$", "SGD": "S$", "AUD": "A$", "CAD": "C$", "KRW": "₩", "INR": "₹"}

# Marks that name one currency, as typed (matched without case and spaces).
_ALIASES = {
    "CNY": ("rmb", "元", "块", "块钱", "人民币", "￥", "cn¥", "yuan"),
    "USD": ("us$", "美元", "美金", "usd$"),
    "EUR": ("€", "欧元", "euro", "euros"),
    "GBP": ("£", "英镑", "pound", "pounds"),
    "JPY": ("jp¥", "日元", "円", "yen"),
    "HKD": ("hk$", "港元", "港币"),
    "TWD": ("nt$", "新台币"),
    "SGD": ("s$", "新加坡元"),
    "AUD": ("a$", "澳元"),
    "CAD": ("c$", "加元"),
    "KRW": ("₩", "韩元"),
    "INR": ("₹", "卢比"),
}
ALIASES: dict[str, str] = {alias: code for code, names in _ALIASES.items() for alias in names}
# Marks several currencies share: the likely one first (the did-you-mean), then the others.
SHARED = {"$": ("USD", "HKD", "SGD", "AUD", "CAD", "TWD", "NZD", "MXN"),
          "dollar": ("USD", "HKD", "SGD", "AUD", "CAD", "TWD", "NZD"),
          "dollars": ("USD", "HKD", "SGD", "AUD", "CAD", "TWD", "NZD"),
          "¥": ("CNY", "JPY")}


class CurrencyProblem(ValueError):
    """A currency that cannot be used as it was written; `message` says why and what to write."""

    def __init__(self, message: Message):
        super().__init__(message.key)
        self.message = message


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def currencies_of(mark: str) -> tuple[str, ...]:
    """The codes a typed mark may stand for, likely first: `RMB` -> (CNY,), `$` -> (USD, HKD, ...).

    Empty when the mark is no currency we know.
    """
    key = _key(mark)
    if key.upper() in CODES:
        return (key.upper(),)
    if key in ALIASES:
        return (ALIASES[key],)
    return SHARED.get(key, ())


def mentions_money(unit: str) -> bool:
    """Whether a unit is money, alone or per something: `元`, `万元`, `元/人`, `USD/user`, `$`."""
    text = _key(unit)
    if any(alias in text for alias in ALIASES if not alias.isascii() or not alias.isalpha()):
        return True
    if any(mark in text for mark in ("$", "¥")):
        return True
    words = re.findall(r"[a-z]+", text)
    return any(w.upper() in CODES or w in ALIASES or w in SHARED for w in words)


def normalise(text: str) -> str:
    """The ISO 4217 code for what a user wrote as `campaign.currency`, or CurrencyProblem."""
    found = currencies_of(text)
    if len(found) == 1:
        return found[0]
    quoted = f'"{text}"'
    if found:
        return _refuse(msg("currency.shared", got=quoted, code=found[0],
                           others=listing(found[1:])))
    close = did_you_mean(_key(text).upper())
    if close:
        return _refuse(msg("currency.did_you_mean", got=quoted, code=close))
    return _refuse(msg("currency.unknown", got=quoted))


def did_you_mean(code: str) -> str | None:
    """The code a mistyped one was meant to be: the common currencies first (UDS -> USD)."""
    common = list(SYMBOLS)
    swapped = [c for c in common if sorted(c) == sorted(code)]
    if swapped:
        return swapped[0]
    for pool in (common, list(CODES)):
        close = difflib.get_close_matches(code, pool, n=1, cutoff=0.6)
        if close:
            return close[0]
    return None


def _refuse(message: Message) -> str:
    raise CurrencyProblem(message)


def compatible(codes: tuple[str, ...], currency: str | None) -> bool:
    """Whether an amount typed with a mark standing for `codes` may be in `currency`."""
    return not codes or currency is None or currency.upper() in codes


def symbol(currency: str) -> str | None:
    """The symbol an amount in `currency` is printed with, or None (print the code after it)."""
    return SYMBOLS.get(currency.upper())


def digits(currency: str) -> int:
    """The currency's minor-unit digits (2 for CNY and USD, 0 for JPY and KRW, 3 for KWD)."""
    return CODES.get(currency.upper(), 2)
