"""An organisation's account (Proveedor or Entidad Estatal), its financial years and its documents."""
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.extensions import db
from wizard.dbtypes import UTCDateTime, utcnow
from wizard.names import stored_key as name_match_key
from wizard.text import fold


class AccountKind(StrEnum):
    PROVEEDOR = "proveedor"
    ENTIDAD_ESTATAL = "entidad_estatal"


KIND_LABELS = {AccountKind.PROVEEDOR: "Proveedor", AccountKind.ENTIDAD_ESTATAL: "Entidad Estatal"}


class Account(db.Model):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default=AccountKind.PROVEEDOR)
    country: Mapped[str] = mapped_column(String(2), default="CO")
    business_area: Mapped[str] = mapped_column(String(20), default="privado")
    organization_type: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    # the name's words run together, without punctuation or "&"/"y" (wizard/names.py): searches and duplicates
    match_key: Mapped[str] = mapped_column(String(200), index=True, default="", server_default="")
    short_name: Mapped[str] = mapped_column(String(60), default="")
    nit: Mapped[str] = mapped_column(String(15), unique=True)
    check_digit: Mapped[str] = mapped_column(String(1))
    mipyme: Mapped[bool | None] = mapped_column(Boolean)
    tax_regime: Mapped[str] = mapped_column(String(40), default="")
    department_code: Mapped[str] = mapped_column(String(2), default="")
    municipality_code: Mapped[str] = mapped_column(String(5), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    office_email: Mapped[str] = mapped_column(String(254), default="")
    office_phone: Mapped[str] = mapped_column(String(20), default="")
    office_fax: Mapped[str] = mapped_column(String(20), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    notification_email: Mapped[str] = mapped_column(String(254), default="")
    facebook_url: Mapped[str] = mapped_column(String(300), default="")
    linkedin_url: Mapped[str] = mapped_column(String(300), default="")
    youtube_url: Mapped[str] = mapped_column(String(300), default="")
    twitter_url: Mapped[str] = mapped_column(String(300), default="")
    bank_name: Mapped[str] = mapped_column(String(120), default="")
    bank_account_number: Mapped[str] = mapped_column(String(40), default="")
    bank_account_type: Mapped[str] = mapped_column(String(20), default="")
    legal_rep_name: Mapped[str] = mapped_column(String(120), default="")
    legal_rep_id_type: Mapped[str] = mapped_column(String(10), default="")
    legal_rep_id_number: Mapped[str] = mapped_column(String(20), default="")
    legal_rep_email: Mapped[str] = mapped_column(String(254), default="")
    legal_rep_phone: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    financial_years: Mapped[list["FinancialYear"]] = relationship(
        back_populates="account", order_by="FinancialYear.year", cascade="all, delete-orphan"
    )
    documents: Mapped[list["Document"]] = relationship(back_populates="account")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.name_key = fold(self.name)[:200]  # folding can lengthen a name ('ß' -> 'ss'): keep it in its column
        self.match_key = name_match_key(self.name)

    def rename(self, name: str) -> None:
        self.name = name
        self.name_key = fold(name)[:200]
        self.match_key = name_match_key(name)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def nit_display(self) -> str:
        return f"{self.nit}-{self.check_digit}"

    @property
    def city(self) -> str:
        from wizard.reference import municipality

        found = municipality(self.municipality_code)
        return found.name if found else ""


class FinancialYear(db.Model):
    """One row of "Información Financiera": the year's figures in whole pesos."""

    __tablename__ = "financial_years"
    __table_args__ = (UniqueConstraint("account_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    equity: Mapped[int] = mapped_column(BigInteger)
    current_assets: Mapped[int] = mapped_column(BigInteger)
    total_assets: Mapped[int] = mapped_column(BigInteger)
    current_liabilities: Mapped[int] = mapped_column(BigInteger)
    total_liabilities: Mapped[int] = mapped_column(BigInteger)
    operating_income: Mapped[int] = mapped_column(BigInteger)
    interest_expense: Mapped[int] = mapped_column(BigInteger)

    account: Mapped[Account] = relationship(back_populates="financial_years")


class Document(db.Model):
    """An uploaded file: of a draft while the account is being made, then of the account; or of a contract."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_draft_slot", "draft_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("account_drafts.id", ondelete="SET NULL"))
    # a contract's documents (wizard/contracts): the signed contract, others of the entity, the supplier's
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    # a payment request's supporting documents (wizard/payments), with a ZIP's file list kept for the supervisor
    payment_request_id: Mapped[int | None] = mapped_column(ForeignKey("payment_requests.id", ondelete="CASCADE"),
                                                           index=True)
    contents: Mapped[list | None] = mapped_column(JSON)
    slot: Mapped[str] = mapped_column(String(40))
    original_name: Mapped[str] = mapped_column(String(255))
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(120), default="application/octet-stream")
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    account: Mapped[Account | None] = relationship(back_populates="documents")
