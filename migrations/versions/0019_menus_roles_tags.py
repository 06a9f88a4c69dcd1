"""menus: a dish's role in a meal (from its category), spiciness, other names, the meals it
suits, a hand-set main ingredient and its computed tags; a school's dietary rule (清真, tags
to avoid)

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-29 18:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

ROLES = "('staple', 'main', 'vegetable', 'soup', 'fruit', 'milk', 'other')"
# The tag rules as they stood when this migration was written (menus/tags.py may change later;
# a dish saved again gets the rules of its day). Book codes: 081 pork, 084/085 donkey and horse,
# 07 nuts and seeds, 11 eggs, 12 fish and shellfish, 10 milk, 031 soy, 011 wheat.
TAGS = ("pork", "halal_doubtful", "peanut_nuts", "egg", "fish_shellfish", "milk", "soy",
        "wheat")
NUTS = ("花生", "芝麻", "麻酱", "核桃", "杏仁", "腰果", "榛子", "松子", "开心果", "巴旦木")
SEEDS = NUTS + ("葵花", "瓜子", "栗", "莲子", "南瓜子", "白果", "胡麻")
SOY = ("黄豆", "毛豆", "菜用大豆", "酱油", "老抽", "生抽", "黄豆酱", "大酱", "豆豉", "腐乳")
WHEAT = ("小麦", "面粉", "富强粉", "全麦", "面条", "挂面", "切面", "方便面", "馒头", "花卷",
         "包子", "饺", "馄饨", "面筋", "烤麸", "油条", "烙饼", "面包", "饼干", "蛋糕", "月饼",
         "麻花", "面酱", "酱油", "老抽", "生抽")
EGG = ("鸡蛋", "蛋糕", "蛋黄酱")
MILK = ("牛奶", "奶粉", "奶油", "黄油", "奶酪", "芝士", "乳饮料", "羊奶")
SEAFOOD = ("蚝油", "鱼露", "虾酱", "虾油", "虾皮", "鱼肚", "鱼唇", "海参")
DOUBTFUL = ("驴", "马肉", "狗肉", "阿胶")
MEATY = ("meat_poultry", "other")


def _tags(code, group, name, aliases, book_group, subgroup) -> set:
    code = (code or "").strip().lower().rstrip("x")
    code = code if len(code) == 6 and code.isdigit() else ""
    text = f"{name or ''}|{aliases or ''}"
    bg, sub = book_group or "", subgroup or ""

    def has(words):
        return any(w in text for w in words)

    rules = {
        "pork": code[:3] == "081" or (sub == "猪" and bg.startswith("畜肉"))
        or code in ("191006", "191007") or (not code and group in MEATY and "猪" in text),
        "halal_doubtful": code[:3] in ("084", "085") or code == "089001"
        or (has(DOUBTFUL) and group in MEATY + ("dairy",)),
        "peanut_nuts": code[:2] == "07" or bg == "坚果种子类" or code == "192007"
        or (not code and group == "soy_nuts" and has(SEEDS))
        or (group != "soy_nuts" and has(NUTS)),
        "egg": group == "eggs" or code[:2] == "11" or has(EGG),
        "fish_shellfish": group == "fish_shrimp" or code[:2] == "12"
        or (group in MEATY + ("condiments",) and has(SEAFOOD)),
        "milk": group == "dairy" or code[:2] == "10" or bg.startswith("乳类")
        or (group not in ("soy_nuts", "dairy") and has(MILK)),
        "soy": code[:3] == "031" or sub == "大豆"
        or (not code and group == "soy_nuts" and not has(SEEDS))
        or (group not in ("soy_nuts", "vegetable_oil", "cereals_tubers") and has(SOY)),
        "wheat": code[:3] == "011" or sub == "小麦"
        or (not code and has(WHEAT) and group != "vegetables"),
    }
    return {t for t, yes in rules.items() if yes}


def _compute_tags() -> None:
    bind = op.get_bind()
    found: dict[int, set] = {}
    for dish_id, *food in bind.execute(sa.text(
            "SELECT i.dish_id, f.code, f.food_group, f.name, f.aliases, f.book_group, "
            "f.book_subgroup FROM menus_dish_ingredient i "
            "JOIN nutrition_food f ON f.id = i.food_id")):
        found.setdefault(dish_id, set()).update(_tags(*food))
    dish = sa.table("menus_dish", sa.column("id", sa.Integer), sa.column("tags", sa.JSON))
    for dish_id, tags in found.items():
        if tags:
            bind.execute(dish.update().where(dish.c.id == dish_id)
                         .values(tags=[t for t in TAGS if t in tags]))


def upgrade() -> None:
    op.create_table('menus_school_rule',
    sa.Column('school_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('halal', sa.Boolean(), nullable=False),
    sa.Column('avoid', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['suite_school.id'],
                            name=op.f('fk_menus_school_rule_school_id_suite_school')),
    sa.ForeignKeyConstraint(['updated_by'], ['suite_user.id'],
                            name=op.f('fk_menus_school_rule_updated_by_suite_user')),
    sa.PrimaryKeyConstraint('school_id', name=op.f('pk_menus_school_rule'))
    )
    with op.batch_alter_table('menus_dish', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('spicy', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('aliases', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('meals', sa.String(length=40), nullable=False,
                                      server_default='lunch,dinner'))
        batch_op.add_column(sa.Column('main_food_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('tags', sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))
        batch_op.create_foreign_key(op.f('fk_menus_dish_main_food_id_nutrition_food'),
                                    'nutrition_food', ['main_food_id'], ['id'])
    op.execute("UPDATE menus_dish SET role = CASE category WHEN 'meat' THEN 'main' "
               "WHEN 'egg' THEN 'main' ELSE category END")
    with op.batch_alter_table('menus_dish', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=10), nullable=False)
        batch_op.create_check_constraint(op.f('ck_menus_dish_role'), f"role IN {ROLES}")
    _compute_tags()


def downgrade() -> None:
    with op.batch_alter_table('menus_dish', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_menus_dish_role'), type_='check')
        batch_op.drop_constraint(op.f('fk_menus_dish_main_food_id_nutrition_food'),
                                 type_='foreignkey')
        for name in ('tags', 'main_food_id', 'meals', 'aliases', 'spicy', 'role'):
            batch_op.drop_column(name)
    op.drop_table('menus_school_rule')
